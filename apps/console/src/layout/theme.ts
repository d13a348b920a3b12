import { defaultTheme, type RaThemeOptions } from 'react-admin';

/**
 * react-admin's default theme with colours dark enough for white text (WCAG AA, 4.5:1): the
 * default blue app bar and the orange and light-blue chips fail axe's contrast check.
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1565c0' },
    secondary: { main: '#0d47a1' },
    warning: { main: '#a84300' },
    info: { main: '#01579b' },
    success: { main: '#1b5e20' },
    error: { main: '#b71c1c' },
  },
};
