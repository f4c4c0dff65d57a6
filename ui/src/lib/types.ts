// The types the Rust commands take and return are generated from the Rust types into
// ./generated/bindings.ts (`make types`, checked by `make test`); never copy them here.
// This file re-exports them and adds the little that exists only in the UI.
import type { EventKind, PrintStage } from './generated/bindings';

export type * from './generated/bindings';

/** Every event kind, in the order the forms list them. */
export const EVENT_KINDS: EventKind[] = [
  'paid', 'checked_in', 'photographed', 'online_submitted', 'online_approved', 'walk_in_done', 'refund', 'verified',
  'verify_failed', 'compare_failed',
];
/** The kinds an agency list can carry. */
export const IMPORT_KINDS: EventKind[] = [
  'paid', 'photographed', 'online_approved', 'walk_in_done', 'verified', 'verify_failed', 'compare_failed',
];

/** How far a print job is (the `stage` of the print command's channel messages). */
export type PrintStageName = PrintStage['stage'];
