import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { can, type Permissions } from './access';
import audit from './audit';
import { authProvider } from './authProvider';
import backups from './backups';
import { CertificatesPage } from './certificates';
import { Dashboard } from './dashboard/Dashboard';
import { DiagnosticsPage } from './diagnostics';
import { EncryptionPage } from './encryption';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { ConsoleLayout } from './layout/ConsoleLayout';
import lockouts from './lockouts';
import logs from './logs';
import moderation from './moderation';
import reports from './reports';
import { theme } from './layout/theme';
import { LoginPage } from './login/LoginPage';
import roles from './roles';
import rooms from './rooms';
import routines from './routines';
import settings from './settings';
import users from './users';

/** Each screen is registered only for holders of its permission; the server checks every call anyway. */
export function App() {
  return (
    <Admin
      title="Atrio"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      loginPage={LoginPage}
      layout={ConsoleLayout}
      theme={theme}
      dashboard={Dashboard}
      requireAuth
      disableTelemetry
    >
      {(permissions: Permissions) => [
        can(permissions, 'users.read') && <Resource key="users" name="users" {...users} />,
        can(permissions, 'users.unlock') && <Resource key="lockouts" name="lockouts" {...lockouts} />,
        can(permissions, 'users.read') && <Resource key="roles" name="roles" {...roles} />,
        can(permissions, 'monitoring.read') && <Resource key="routines" name="routines/runs" {...routines} />,
        can(permissions, 'rooms.manage_any') && <Resource key="rooms" name="rooms" {...rooms} />,
        can(permissions, 'moderation.moderate') && <Resource key="reports" name="reports" {...reports} />,
        can(permissions, 'moderation.moderate') && (
          <Resource key="activity" name="moderation/activity" {...moderation} />
        ),
        can(permissions, 'audit.read') && <Resource key="audit" name="audit" {...audit} />,
        can(permissions, 'monitoring.read') && <Resource key="logs" name="logs" {...logs} />,
        can(permissions, 'backups.manage') && <Resource key="backups" name="backups" {...backups} />,
        can(permissions, 'settings.manage') && <Resource key="settings" name="settings" {...settings} />,
        can(permissions, 'monitoring.read') && (
          <CustomRoutes key="diagnostics">
            <Route path="/diagnostics" element={<DiagnosticsPage />} />
          </CustomRoutes>
        ),
        can(permissions, 'settings.manage') && (
          <CustomRoutes key="encryption">
            <Route path="/encryption" element={<EncryptionPage />} />
          </CustomRoutes>
        ),
        can(permissions, 'certificates.manage') && (
          <CustomRoutes key="certificates">
            <Route path="/certificates" element={<CertificatesPage />} />
          </CustomRoutes>
        ),
      ]}
    </Admin>
  );
}
