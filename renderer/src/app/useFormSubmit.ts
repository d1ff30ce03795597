import { useCallback, useRef, useState } from 'react';
import { useMutation, useQueryClient, type QueryKey, type UseMutationResult } from '@tanstack/react-query';
import type { FieldValues, UseFormHandleSubmit, UseFormSetError } from 'react-hook-form';
import { applyServerErrors, NOT_SAVED } from './forms';

export interface FormSubmitOptions<TFields extends FieldValues, TVars, TData> {
  /** The form's setError: the main process's field messages go next to the fields. */
  setError: UseFormSetError<TFields>;
  /** The call, usually `(v) => api.call('x:y', v)`. */
  mutationFn: (vars: TVars) => Promise<TData>;
  /** Queries refreshed (in order, awaited) after a successful save, before onSuccess. */
  invalidate?: readonly QueryKey[];
  /** After the save and the refresh (close the form, navigate, reset...). */
  onSuccess?: (data: TData, vars: TVars) => unknown;
  /** Server field paths start with this (e.g. 'patient.') when the form edits a nested object. */
  prefix?: string;
}

export interface FormSubmit<TVars, TData> {
  /** The form-level message for <FormError> (or an Alert); null when there is none. */
  formError: string | null;
  setFormError: (message: string | null) => void;
  /** Clears the form message and saves; resolves when done (a refusal is shown, never thrown). */
  submit: (vars: TVars) => Promise<void>;
  /** For handleSubmit's second argument: the form's own checks refused it. */
  notSaved: () => void;
  mutation: UseMutationResult<TData, Error, TVars>;
}

/**
 * The submit pattern every form shares: clear the form-level message, call the main process, refresh the
 * affected queries, and on a refusal put the server's field messages beside the fields (applyServerErrors)
 * and its overall message in the form's alert. Use as `handleSubmit(save.submit, save.notSaved)`.
 */
export function useFormSubmit<TFields extends FieldValues, TVars, TData>(
  options: FormSubmitOptions<TFields, TVars, TData>,
): FormSubmit<TVars, TData> {
  const { setError, mutationFn, invalidate, onSuccess, prefix = '' } = options;
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const mutation = useMutation<TData, Error, TVars>({
    mutationFn,
    onSuccess: async (data, vars) => {
      for (const queryKey of invalidate ?? []) await queryClient.invalidateQueries({ queryKey });
      await onSuccess?.(data, vars);
    },
    onError: (err) => setFormError(applyServerErrors(err, setError, prefix)),
  });
  const { mutateAsync } = mutation;
  // One save at a time: a double click (or Enter pressed twice) sends the request once.
  const inFlight = useRef(false);
  const submit = useCallback(
    async (vars: TVars) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setFormError(null);
      try {
        await mutateAsync(vars);
      } catch {
        // onError has already put the messages on the form.
      } finally {
        inFlight.current = false;
      }
    },
    [mutateAsync],
  );
  const notSaved = useCallback(() => setFormError(NOT_SAVED), []);
  return { formError, setFormError, submit, notSaved, mutation };
}

/**
 * The same pattern for a form whose `save` does everything itself (the call and the refresh): returns the
 * form's `onSubmit` (handleSubmit with the save and the "not saved" answer) and its form-level message.
 */
export function useSaveForm<TFieldValues extends FieldValues, TTransformed>(
  handleSubmit: UseFormHandleSubmit<TFieldValues, TTransformed>,
  setError: UseFormSetError<TFieldValues>,
  save: (data: TTransformed) => Promise<void>,
  prefix?: string,
) {
  const form = useFormSubmit<TFieldValues, TTransformed, void>({
    setError,
    mutationFn: save,
    ...(prefix === undefined ? {} : { prefix }),
  });
  return { formError: form.formError, onSubmit: handleSubmit(form.submit, form.notSaved) };
}
