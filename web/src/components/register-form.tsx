'use client';
import { useActionState, useEffect, useRef, useState } from 'react';
import { register } from '@/app/actions/register';
import type { FormState } from '@/lib/form-state';
import { FormErrorSummary, submitKeepingValues, useLiveErrors } from './error-summary';
import { Field, invalidProps } from './field';

type Option = { value: string; label: string };
interface Labels {
  personal: string; username: string; password: string; passwordHint: string; email: string; country: string; role: string;
  seller: string; consumer: string; organizationSection: string; bankSection: string; chooseFromList: string;
  organizationName: string; organizationHint: string; bank: string; newBank: string; bankName: string; submit: string; choose: string;
  passwordCleared: string;
}

/** A select with a "not listed" switch to free text (the bank). */
function ListOrNew({ name, label, newName, toggleNew, toggleList, options, errors, values, choose }: {
  name: string; label: string; newName: string; toggleNew: string; toggleList: string; options: Option[];
  errors?: Record<string, string>; values?: Record<string, string>; choose: string;
}) {
  const [isNew, setNew] = useState(Boolean(values?.[`${name}New`]) || options.length === 0);
  const newId = `${name}New`;
  return (
    <div>
      <input type="hidden" name={`${name}Mode`} value={isNew ? 'new' : 'list'} />
      {isNew ? (
        <Field id={newId} label={newName} defaultValue={values?.[newId]} error={errors?.[newId]} maxLength={100} />
      ) : (
        <Field id={name} label={label} error={errors?.[name]}>
          <select name={name} defaultValue={values?.[name] ?? ''} {...invalidProps(name, errors?.[name])}>
            <option value="" disabled>{choose}</option>
            {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </Field>
      )}
      {options.length > 0 && (
        <button type="button" className="btn-link small" style={{ marginTop: '-.5rem', marginBottom: '.75rem' }} onClick={() => setNew(!isNew)}>
          {isNew ? toggleList : toggleNew}
        </button>
      )}
    </div>
  );
}

export function RegisterForm({ countries, banks, labels: l, defaultCountry }: {
  countries: Option[]; banks: Option[]; labels: Labels; defaultCountry: string;
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(register, {});
  // the role shown is the one the form sends: the form is never reset behind this state (submitKeepingValues)
  const [role, setRole] = useState(state.values?.role ?? 'seller');
  const { errors: e, onChange } = useLiveErrors(state);
  const v = state.values;
  const form = useRef<HTMLFormElement>(null);
  // every value is kept after a refusal but the password, which is cleared and says so
  const refused = state.ok === false && Boolean(v);
  useEffect(() => {
    const password = form.current?.elements.namedItem('password');
    if (refused && password instanceof HTMLInputElement) password.value = '';
  }, [state, refused]);
  const labels = {
    username: l.username, password: l.password, email: l.email, country: l.country, organization: l.organizationName,
    bank: l.bank, bankNew: l.bankName,
  };
  return (
    <form ref={form} action={action} onSubmit={submitKeepingValues(action)} onChange={onChange} noValidate>
      <FormErrorSummary state={state} errors={e} labels={labels} />
      <fieldset>
        <legend>{l.personal}</legend>
        <div className="grid-2">
          <Field id="username" label={l.username} autoComplete="username" required defaultValue={v?.username} error={e.username} maxLength={50} autoCapitalize="none" />
          <Field id="password" label={l.password} type="password" autoComplete="new-password" required
            hint={refused && !e.password ? l.passwordCleared : l.passwordHint} error={e.password} />
          <Field id="email" label={l.email} type="email" autoComplete="email" required defaultValue={v?.email} error={e.email} />
          <Field id="country" label={l.country} error={e.country}>
            <select name="country" defaultValue={v?.country ?? defaultCountry} required {...invalidProps('country', e.country)}>
              <option value="" disabled>{l.choose}</option>
              {countries.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
            </select>
          </Field>
        </div>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="label" style={{ padding: 0 }}>{l.role}</legend>
          <div className="choice-row" style={{ marginTop: '.35rem' }}>
            <label className="chip-choice"><input type="radio" name="role" value="seller" checked={role === 'seller'} onChange={() => setRole('seller')} /><span>{l.seller}</span></label>
            <label className="chip-choice"><input type="radio" name="role" value="consumer" checked={role === 'consumer'} onChange={() => setRole('consumer')} /><span>{l.consumer}</span></label>
          </div>
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>{role === 'seller' ? l.organizationSection : l.bankSection}</legend>
        {/* a new account makes its own organization: there is no list of others' to claim */}
        <Field id="organization" label={l.organizationName} hint={l.organizationHint} required defaultValue={v?.organization}
          error={e.organization} maxLength={100} />
        {role === 'consumer' && (
          <ListOrNew name="bank" label={l.bank} newName={l.bankName} toggleNew={l.newBank}
            toggleList={l.chooseFromList} options={banks} errors={e} values={v} choose={l.choose} />
        )}
      </fieldset>
      <button className="btn" type="submit" disabled={pending}>{l.submit}</button>
    </form>
  );
}
