import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  TextFieldProps,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { ReactNode, useState } from 'react';

/**
 * A dialog whose form is sent over the API. A refusal is shown above the
 * fields and keeps the dialog open for another try; success closes it.
 */
export const FormDialog = (props: {
  open: boolean;
  title: ReactNode;
  /** What the form asks for, above the fields. */
  description: ReactNode;
  submitLabel: string;
  /** Whether the fields are complete enough to send. */
  canSubmit: boolean;
  onSubmit: () => Promise<unknown>;
  onClose: (submitted: boolean) => void;
  children: ReactNode;
}) => {
  const {
    open,
    title,
    description,
    submitLabel,
    canSubmit,
    onSubmit,
    onClose,
    children,
  } = props;
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      await onSubmit();
      onClose(true);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog open={open} onClose={() => onClose(false)} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          {description}
        </Typography>
        {error && <Alert severity="error">{error.message}</Alert>}
        {children}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={submitting || !canSubmit}
          onClick={submit}
        >
          {submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/** A field of a {@link FormDialog}: full width unless told otherwise, reporting its new value. */
export const FormField = ({
  onValueChange,
  ...props
}: Omit<TextFieldProps, 'onChange'> & {
  onValueChange: (value: string) => void;
}) => (
  <TextField
    fullWidth
    margin="normal"
    {...props}
    onChange={e => onValueChange(e.target.value)}
  />
);
