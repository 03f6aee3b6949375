import { ResponseErrorPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

const DEFAULT_NOT_ALLOWED =
  'You do not have permission to see these costs. Members of the owning team (and leadership) can; ask them or an administrator if you need access.';

/** Errors, with a plain sentence for the common "not allowed" case. */
export const CostError = ({
  error,
  notAllowed = DEFAULT_NOT_ALLOWED,
}: {
  error: Error;
  /** What to say instead of the error when the caller may not see this. */
  notAllowed?: ReactNode;
}) => {
  if (error.name === 'NotAllowedError' || /\b403\b/.test(error.message)) {
    return (
      <Typography variant="body2" color="textSecondary">
        {notAllowed}
      </Typography>
    );
  }
  return <ResponseErrorPanel error={error} />;
};
