// Minimal JSON schemas for the custom resources that kubernetes-models does not ship (Gateway API v1 and
// linkerd policy v1alpha1): the fields we use, their types and the required ones, following the upstream CRDs.
const meta = (namespaced: boolean) => ({
  type: 'object',
  required: namespaced ? ['name', 'namespace'] : ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 253 },
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  ...(namespaced ? {} : { not: { required: ['namespace'] } }),
});
const resource = (apiVersion: string, kind: string, namespaced: boolean, spec: object) => ({
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: { apiVersion: { const: apiVersion }, kind: { const: kind }, metadata: meta(namespaced), spec },
});
const strictObject = (required: string[], properties: Record<string, object>) => ({
  type: 'object',
  required,
  additionalProperties: false,
  properties,
});
const name = { type: 'string', minLength: 1, maxLength: 253 };
const port = { type: 'integer', minimum: 1, maximum: 65535 };
const ref = (extra: Record<string, object> = {}) =>
  strictObject(['name'], { group: { type: 'string' }, kind: { type: 'string' }, name, namespace: { type: 'string' }, ...extra });

const GW = 'gateway.networking.k8s.io/v1';
const LINKERD = 'policy.linkerd.io/v1alpha1';

export const crdSchemas: Record<string, object> = {
  [`${GW}/GatewayClass`]: resource(GW, 'GatewayClass', false,
    strictObject(['controllerName'], {
      controllerName: { type: 'string', pattern: '^[a-z0-9.-]+/[A-Za-z0-9/._-]+$' },
      description: { type: 'string', maxLength: 64 },
    })),
  [`${GW}/Gateway`]: resource(GW, 'Gateway', true,
    strictObject(['gatewayClassName', 'listeners'], {
      gatewayClassName: name,
      listeners: {
        type: 'array', minItems: 1, maxItems: 64,
        items: strictObject(['name', 'port', 'protocol'], {
          name, port, hostname: { type: 'string' },
          protocol: { enum: ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP'] },
          allowedRoutes: strictObject([], {
            namespaces: strictObject([], { from: { enum: ['All', 'Same', 'Selector'] } }),
          }),
        }),
      },
    })),
  [`${GW}/HTTPRoute`]: resource(GW, 'HTTPRoute', true,
    strictObject(['parentRefs', 'rules'], {
      parentRefs: { type: 'array', minItems: 1, maxItems: 32, items: ref({ sectionName: { type: 'string' }, port }) },
      hostnames: { type: 'array', items: { type: 'string' } },
      rules: {
        type: 'array', minItems: 1, maxItems: 16,
        // no backendRefs: the rule forwards nothing (how off-gateway paths are kept in)
        items: strictObject([], {
          matches: {
            type: 'array', maxItems: 64,
            items: strictObject([], {
              path: strictObject(['type', 'value'], {
                type: { enum: ['Exact', 'PathPrefix', 'RegularExpression'] },
                value: { type: 'string', pattern: '^/', maxLength: 1024 },
              }),
            }),
          },
          backendRefs: { type: 'array', minItems: 1, items: ref({ port, weight: { type: 'integer', minimum: 0 } }) },
          filters: {
            type: 'array', maxItems: 16,
            items: strictObject(['type'], {
              type: { enum: ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite'] },
              requestHeaderModifier: strictObject([], {
                set: { type: 'array', items: strictObject(['name', 'value'], { name: { type: 'string', minLength: 1 }, value: { type: 'string' } }) },
                add: { type: 'array', items: strictObject(['name', 'value'], { name: { type: 'string', minLength: 1 }, value: { type: 'string' } }) },
                remove: { type: 'array', items: { type: 'string' } },
              }),
            }),
          },
        }),
      },
    })),
  [`${LINKERD}/AuthorizationPolicy`]: resource(LINKERD, 'AuthorizationPolicy', true,
    strictObject(['targetRef', 'requiredAuthenticationRefs'], {
      targetRef: ref(),
      requiredAuthenticationRefs: { type: 'array', items: ref() },
    })),
  [`${LINKERD}/MeshTLSAuthentication`]: resource(LINKERD, 'MeshTLSAuthentication', true, {
    type: 'object',
    additionalProperties: false,
    oneOf: [{ required: ['identities'] }, { required: ['identityRefs'] }],
    properties: {
      identities: { type: 'array', minItems: 1, items: { type: 'string' } },
      identityRefs: { type: 'array', minItems: 1, items: ref() },
    },
  }),
};
