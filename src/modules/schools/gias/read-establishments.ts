import {
  type GiasStatus,
  giasStatuses,
  hasSixthForm,
  isKnownGiasPhase,
  isOpenStatus,
  isStateFunded,
  schoolPhase,
} from './classify.ts';
import { establishmentType, typeCode } from './establishment-types.ts';
import { allRows, type GiasFile, openGiasFile } from './gias-file.ts';
import { giasDate, percentage, requiredText, text, urn, ValueProblem, wholeNumber } from './gias-values.ts';
import { type RegisterRow, requiredGiasColumns } from './register-row.ts';

export interface EstablishmentsFile extends GiasFile<RegisterRow> {
  /** Things a person should know that do not stop the import (a type we do not know), once read. */
  warnings(): string[];
}

const statuses = new Set<string>(giasStatuses);
const giasStatus = (raw: string): GiasStatus => {
  if (!statuses.has(raw))
    throw new ValueProblem(`‘${raw}’ is not a GIAS status (${giasStatuses.join('; ')})`);
  return raw as GiasStatus;
};
const laCode = (raw: string) => {
  if (!/^\d{3}$/.test(raw)) throw new ValueProblem(`‘${raw}’ is not a three-digit local authority code`);
  return raw;
};

/**
 * Opens a GIAS establishments file (the full extract in any release's layout, or the state-funded
 * extract) to read as register rows, classified. Reading throws ImportRejectedError listing every
 * problem by line.
 */
export function openEstablishments(fileText: string): EstablishmentsFile {
  const seen = new Map<number, number>();
  const unknownTypes = new Set<string>();
  const unknownPhases = new Set<string>();

  const file = openGiasFile(
    fileText,
    {
      contents: 'establishments',
      required: requiredGiasColumns,
      otherFile: {
        column: 'LinkURN',
        message: 'this looks like the GIAS links file: import it as links instead',
      },
    },
    (cells, line): RegisterRow => {
      const schoolUrn = cells.value('URN', urn);
      if (schoolUrn !== null) {
        const firstLine = seen.get(schoolUrn);
        if (firstLine !== undefined)
          cells.problem(`URN ${schoolUrn} is also on line ${firstLine}: each establishment must appear once`);
        else seen.set(schoolUrn, line);
      }
      const fileHasTypeGroups = cells.has('EstablishmentTypeGroup (name)');
      const typeName = cells.value('TypeOfEstablishment (name)', requiredText) ?? '';
      const known = establishmentType(typeName);
      const typeGroupName = fileHasTypeGroups
        ? text(cells.raw('EstablishmentTypeGroup (name)'))
        : (known?.groupName ?? null);
      if (!fileHasTypeGroups && !known && typeName) unknownTypes.add(typeName);
      const status = cells.value('EstablishmentStatus (name)', giasStatus);
      const phaseOfEducation = text(cells.raw('PhaseOfEducation (name)'));
      if (!isKnownGiasPhase(phaseOfEducation)) unknownPhases.add(phaseOfEducation!);
      const statutoryLowAge = cells.value('StatutoryLowAge', wholeNumber);
      const statutoryHighAge = cells.value('StatutoryHighAge', wholeNumber);
      return {
        urn: schoolUrn ?? 0,
        laCode: cells.value('LA (code)', laCode) ?? '',
        establishmentNumber: text(cells.raw('EstablishmentNumber')),
        name: cells.value('EstablishmentName', requiredText) ?? '',
        typeCode: cells.has('TypeOfEstablishment (code)')
          ? typeCode(cells.raw('TypeOfEstablishment (code)')) || null
          : (known?.code ?? null),
        typeName,
        typeGroupName,
        statusName: status ?? '',
        isOpen: status !== null && isOpenStatus(status),
        openDate: cells.value('OpenDate', giasDate),
        closeDate: cells.value('CloseDate', giasDate),
        phaseOfEducation,
        phase: schoolPhase({ typeName, typeGroupName, phaseOfEducation, statutoryLowAge, statutoryHighAge }),
        // The state-funded extract has no type groups: everything in it is state-funded by definition.
        isStateFunded: fileHasTypeGroups || known ? isStateFunded(typeGroupName, typeName) : true,
        statutoryLowAge,
        statutoryHighAge,
        hasSixthForm: hasSixthForm(text(cells.raw('OfficialSixthForm (name)'))),
        numberOfPupils: cells.value('NumberOfPupils', wholeNumber),
        percentageFsm: cells.value('PercentageFSM', percentage),
        trustName: text(cells.raw('Trusts (name)')),
        street: text(cells.raw('Street')),
        locality: text(cells.raw('Locality')),
        town: text(cells.raw('Town')),
        postcode: text(cells.raw('Postcode')),
        districtCode: text(cells.raw('DistrictAdministrative (code)')),
        districtName: text(cells.raw('DistrictAdministrative (name)')),
        regionName: text(cells.raw('GOR (name)')),
        ukprn: text(cells.raw('UKPRN')),
        website: text(cells.raw('SchoolWebsite')),
        telephone: text(cells.raw('TelephoneNum')),
        lastChangedDate: cells.value('LastChangedDate', giasDate),
      };
    },
  );
  const warnings = () => [
    ...[...unknownTypes].map(
      (type) =>
        `The establishment type ‘${type}’ is not one we know: its type group is not recorded and it is counted as state-funded`,
    ),
    ...[...unknownPhases].map(
      (phase) => `The phase of education ‘${phase}’ is not one we know: the age range decides the phase`,
    ),
  ];
  return Object.assign(file, { warnings });
}

/** Reads a whole establishments file at once. */
export function readEstablishments(fileText: string) {
  const file = openEstablishments(fileText);
  const rows = allRows(file);
  return { rows, columns: file.columns, warnings: file.warnings() };
}
