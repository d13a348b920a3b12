import { Module } from '@nestjs/common';
import { PasswordPolicyService } from './passwords/password-policy.service.js';

@Module({ providers: [PasswordPolicyService], exports: [PasswordPolicyService] })
export class PasswordPolicyModule {}
