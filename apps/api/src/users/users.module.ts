import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuthCoreModule } from '../auth/auth-core.module.js';
import { PasswordPolicyModule } from '../auth/password-policy.module.js';
import { RolesModule } from '../roles/roles.module.js';
import { TwoFactorModule } from '../two-factor/two-factor.module.js';
import { AccountActionsInterceptor } from './account-actions.interceptor.js';
import { AccountsService } from './accounts.service.js';
import { CredentialsService } from './credentials.service.js';
import { DisplayNameRules } from './display-name-rules.service.js';
import { FirstAdminService } from './first-admin.service.js';
import { UsersBulkService } from './users-bulk.service.js';
import { UserDirectoryService } from './user-directory.service.js';
import { UserSecurityService } from './user-security.service.js';
import { UsersAdminController } from './users-admin.controller.js';
import { UsersAdminService } from './users-admin.service.js';

@Module({
  imports: [AuthCoreModule, RolesModule, PasswordPolicyModule, TwoFactorModule],
  controllers: [UsersAdminController],
  providers: [
    { provide: APP_INTERCEPTOR, useClass: AccountActionsInterceptor },
    AccountsService,
    CredentialsService,
    DisplayNameRules,
    FirstAdminService,
    UserDirectoryService,
    UsersBulkService,
    UserSecurityService,
    UsersAdminService,
  ],
  exports: [AccountsService, CredentialsService, FirstAdminService, UsersAdminService],
})
export class UsersModule {}
