import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  mark: { fill: '#7df3e1' },
  text: { fill: '#ffffff', fontFamily: 'Helvetica, Arial, sans-serif', fontWeight: 700 },
});

/** Groundwork's wordmark: three strata under a name. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg className={classes.svg} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 260 48" role="img" aria-label="Groundwork">
      <rect className={classes.mark} x="0" y="8" width="36" height="8" rx="2" />
      <rect className={classes.mark} x="4" y="20" width="28" height="8" rx="2" opacity="0.75" />
      <rect className={classes.mark} x="8" y="32" width="20" height="8" rx="2" opacity="0.5" />
      <text className={classes.text} x="46" y="35" fontSize="30">Groundwork</text>
    </svg>
  );
};
