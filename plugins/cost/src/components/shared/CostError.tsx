import { ResponseErrorPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** Errors, with a plain sentence for the common "not allowed" case. */
export const CostError = ({ error }: { error: Error }) => {
  if (error.name === 'NotAllowedError' || /\b403\b/.test(error.message)) {
    return (
      <Typography variant="body2" color="textSecondary">
        You do not have permission to see these costs. Members of the owning
        team (and leadership) can; ask them or an administrator if you need
        access.
      </Typography>
    );
  }
  return <ResponseErrorPanel error={error} />;
};
