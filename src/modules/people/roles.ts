// The people module's vocabularies, for other modules' pages and forms (not its tables).
export {
  type AccreditationKind,
  accreditationKindNames,
  accreditationKinds,
  type Role,
  roleNames,
  roles,
} from './schema.ts';
