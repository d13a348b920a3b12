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
  components: {
    ...defaultTheme.components,
    MuiCheckbox: {
      defaultProps: {
        // react-admin's Datagrid gives its row and select-all checkboxes an aria-label, which MUI
        // puts on the wrapping span (a name on an element without a role, and an unlabelled
        // input): move it to the input itself. A checkbox passing its own input props keeps them.
        slotProps: {
          root: () => ({ 'aria-label': undefined }),
          input: (ownerState: { 'aria-label'?: string }) => ({ 'aria-label': ownerState['aria-label'] }),
        },
      },
    },
  },
};
