export { IdentityModule, identitySchema } from './identity.module';
export { AuthService } from './auth.service';
