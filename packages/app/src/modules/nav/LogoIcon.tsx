import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
  mark: { fill: '#7df3e1' },
});

/** Groundwork's mark alone, for the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg className={classes.svg} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 48" role="img" aria-label="Groundwork">
      <rect className={classes.mark} x="0" y="8" width="36" height="8" rx="2" />
      <rect className={classes.mark} x="4" y="20" width="28" height="8" rx="2" opacity="0.75" />
      <rect className={classes.mark} x="8" y="32" width="20" height="8" rx="2" opacity="0.5" />
    </svg>
  );
};
