import { onDeliveryChanged } from './modules/activities/delivery-changed.ts';
import { withdrawSurveysOnDeliveryChange } from './modules/evaluation/survey-delivery.ts';
import { reviseStatementsOnDeliveryChange } from './modules/funding/refresh-statements.ts';

/**
 * Part of the composition root: which module follows which other's changes, wired once by importing
 * this file (src/app.ts, src/cli.ts and the test support import it, so every path that writes delivery
 * records is followed). A module never subscribes itself; the owner of the records raises the change
 * (`deliveryChanged` in activities) without knowing who follows it, so activities needs no import of
 * funding. Subscribers run in the order listed here, in the changing transaction.
 */
onDeliveryChanged('funding: grant statements', reviseStatementsOnDeliveryChange);
onDeliveryChanged('evaluation: survey invitations', withdrawSurveysOnDeliveryChange);
