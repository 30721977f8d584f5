// The modal and key helpers now live in the UI kit; the views not yet on the kit still import them from here.
export { inDialog, isTextEntry, useModal } from '../../ui/dialog/modal';
