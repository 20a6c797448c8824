'use client';
import { useActionState, useState } from 'react';
import { register } from '@/app/actions/register';
import type { FormState } from '@/lib/form-state';
import { Field, FormMessage, invalidProps } from './field';

type Option = { value: string; label: string };
interface Labels {
  personal: string; username: string; password: string; passwordHint: string; email: string; country: string; role: string;
  seller: string; consumer: string; organizationSection: string; bankSection: string; organization: string;
  newOrganization: string; chooseFromList: string; organizationName: string; bank: string; newBank: string; bankName: string;
  submit: string; choose: string;
}

/** A select with a "not listed" switch to free text (organization, bank). */
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

export function RegisterForm({ countries, organizations, banks, labels: l, defaultCountry }: {
  countries: Option[]; organizations: Option[]; banks: Option[]; labels: Labels; defaultCountry: string;
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(register, {});
  const [role, setRole] = useState(state.values?.role ?? 'seller');
  const e = state.fieldErrors;
  const v = state.values;
  return (
    <form action={action} noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <fieldset>
        <legend>{l.personal}</legend>
        <div className="grid-2">
          <Field id="username" label={l.username} autoComplete="username" required defaultValue={v?.username} error={e?.username} maxLength={50} autoCapitalize="none" />
          <Field id="password" label={l.password} type="password" autoComplete="new-password" required hint={l.passwordHint} error={e?.password} />
          <Field id="email" label={l.email} type="email" autoComplete="email" required defaultValue={v?.email} error={e?.email} />
          <Field id="country" label={l.country} error={e?.country}>
            <select name="country" defaultValue={v?.country ?? defaultCountry} required {...invalidProps('country', e?.country)}>
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
        <ListOrNew name="organization" label={l.organization} newName={l.organizationName}
          toggleNew={l.newOrganization} toggleList={l.chooseFromList} options={organizations} errors={e} values={v} choose={l.choose} />
        {role === 'consumer' && (
          <ListOrNew name="bank" label={l.bank} newName={l.bankName} toggleNew={l.newBank}
            toggleList={l.chooseFromList} options={banks} errors={e} values={v} choose={l.choose} />
        )}
      </fieldset>
      <button className="btn" type="submit" disabled={pending}>{l.submit}</button>
    </form>
  );
}
