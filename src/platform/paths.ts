/** One registry of the platform's URLs, used by routes, redirects and templates. */
const enc = encodeURIComponent;

export const paths = {
  home: '/',
  findYourHub: '/find-your-hub',
  school: (urn: number | string = ':urn') => `/schools/${urn}`,
  /** Choosing a school on a form: search by name, URN or postcode, then back to the form with its URN. */
  schoolSearch: '/schools/search',
  hubs: '/hubs',
  hub: (slug = ':slug') => `/hubs/${slug === ':slug' ? slug : enc(slug)}`,
  /** A hub's public offer for a year (`?year=2026-27`, this year by default). */
  hubOffer: (slug = ':slug') => `/hubs/${slug === ':slug' ? slug : enc(slug)}/offer`,
  /** Registering interest in an activity (`?activity=`) or an NCP a hub offers (`?hub=&ncp=`). */
  registerInterest: '/register-interest',
  localAuthorities: '/local-authorities',
  signIn: '/sign-in',
  signInCode: '/sign-in/code',
  signInPassword: '/sign-in/password',
  signInDemo: '/sign-in/demo',
  /** A teacher new to the platform makes an account with their school, then verifies their email. */
  createAccount: '/create-account',
  createAccountCode: '/create-account/code',
  signOut: '/sign-out',
  dashboard: '/dashboard',
  account: '/account',
  accountPassword: '/account/password',
  accountDetails: '/account/details',
  accountSchool: '/account/school',
  accountYearGroups: '/account/year-groups',
  accountSignOutEverywhere: '/account/sign-out-everywhere',
  accountInvitations: '/account/invitations',
  apiTokens: '/account/api-tokens',
  apiTokenRevoke: (id: number | string = ':id') => `/account/api-tokens/${id}/revoke`,
  /** UK GDPR: the privacy notice, a person's own data, and the national team's privacy pages. */
  privacy: {
    notice: '/privacy',
    yourData: '/account/your-data',
    yourDataJson: '/account/your-data.json',
    personData: (id: number | string = ':id') => `/admin/people/${id}/data`,
    personDataJson: (id: number | string = ':id') => `/admin/people/${id}/data.json`,
    erasePerson: (id: number | string = ':id') => `/admin/people/${id}/erase`,
    retention: '/admin/privacy/retention',
  },
  outbox: '/outbox',
  admin: {
    localAuthorities: '/admin/local-authorities',
    localAuthority: (code = ':code') => `/admin/local-authorities/${code}`,
    hubs: '/admin/hubs',
    hub: (id: number | string = ':id') => `/admin/hubs/${id}`,
    hubAreas: (id: number | string = ':id') => `/admin/hubs/${id}/areas`,
    hubAreaRemove: (id: number | string = ':id', areaId: number | string = ':areaId') =>
      `/admin/hubs/${id}/areas/${areaId}/remove`,
    registerImport: '/admin/register/import',
    registerImports: '/admin/register/imports',
    people: '/admin/people',
    newPerson: '/admin/people/new',
    person: (id: number | string = ':id') => `/admin/people/${id}`,
    personRoles: (id: number | string = ':id') => `/admin/people/${id}/roles`,
    personSchool: (id: number | string = ':id') => `/admin/people/${id}/school`,
    personDetails: (id: number | string = ':id') => `/admin/people/${id}/details`,
    endRole: (id: number | string = ':id', roleId: number | string = ':roleId') =>
      `/admin/people/${id}/roles/${roleId}/end`,
    eventLog: '/admin/event-log',
    /** Recording an accreditation (a form on the person's page) and importing them from a CSV file. */
    personAccreditations: (id: number | string = ':id') => `/admin/people/${id}/accreditations`,
    accreditationsImport: '/admin/accreditations/import',
  },
  /** The LLME workforce (issue 16): applications to the development programmes (apply, nominate, sponsor, decide). */
  /** Communities (issue 18): spaces (`ncp-12`, `hub-3`, `activity-45`), threads and messages. */
  communities: {
    home: '/communities',
    whatsNew: '/communities/whats-new',
    search: '/communities/search',
    space: (space: string = ':space') => `/communities/spaces/${space}`,
    threads: (space: string = ':space') => `/communities/spaces/${space}/threads`,
    spaceNotifications: (space: string = ':space') => `/communities/spaces/${space}/notifications`,
    members: (space: string = ':space') => `/communities/spaces/${space}/members`,
    guests: (space: string = ':space') => `/communities/spaces/${space}/guests`,
    removeGuest: (space: string = ':space', personId: number | string = ':personId') =>
      `/communities/spaces/${space}/guests/${personId}/remove`,
    documents: (space: string = ':space') => `/communities/spaces/${space}/documents`,
    document: (space: string = ':space', documentId: number | string = ':documentId') =>
      `/communities/spaces/${space}/documents/${documentId}`,
    documentVersion: (
      space: string = ':space',
      documentId: number | string = ':documentId',
      versionId: number | string = ':versionId',
    ) => `/communities/spaces/${space}/documents/${documentId}/versions/${versionId}`,
    deleteDocument: (space: string = ':space', documentId: number | string = ':documentId') =>
      `/communities/spaces/${space}/documents/${documentId}/delete`,
    pages: (space: string = ':space') => `/communities/spaces/${space}/pages`,
    page: (space: string = ':space', pageId: number | string = ':pageId') =>
      `/communities/spaces/${space}/pages/${pageId}`,
    editPage: (space: string = ':space', pageId: number | string = ':pageId') =>
      `/communities/spaces/${space}/pages/${pageId}/edit`,
    pageRevision: (
      space: string = ':space',
      pageId: number | string = ':pageId',
      revision: number | string = ':revision',
    ) => `/communities/spaces/${space}/pages/${pageId}/revisions/${revision}`,
    openActivity: (activityId: number | string = ':activityId') =>
      `/communities/activities/${activityId}/open`,
    thread: (threadId: number | string = ':threadId') => `/communities/threads/${threadId}`,
    replies: (threadId: number | string = ':threadId') => `/communities/threads/${threadId}/replies`,
    pin: (threadId: number | string = ':threadId') => `/communities/threads/${threadId}/pin`,
    read: (threadId: number | string = ':threadId') => `/communities/threads/${threadId}/read`,
    threadNotifications: (threadId: number | string = ':threadId') =>
      `/communities/threads/${threadId}/notifications`,
    editMessage: (messageId: number | string = ':messageId') => `/communities/messages/${messageId}/edit`,
    deleteMessage: (messageId: number | string = ':messageId') => `/communities/messages/${messageId}/delete`,
    boost: (messageId: number | string = ':messageId') => `/communities/messages/${messageId}/boost`,
    answer: (messageId: number | string = ':messageId') => `/communities/messages/${messageId}/answer`,
    postNow: (messageId: number | string = ':messageId') => `/communities/messages/${messageId}/post-now`,
  },
  llme: {
    applications: '/llme/applications',
    apply: '/llme/apply',
    nominate: '/llme/nominate',
    application: (applicationId: number | string = ':applicationId') => `/llme/applications/${applicationId}`,
    sponsorship: (applicationId: number | string = ':applicationId') =>
      `/llme/applications/${applicationId}/sponsorship`,
    decision: (applicationId: number | string = ':applicationId') =>
      `/llme/applications/${applicationId}/decision`,
    completion: (applicationId: number | string = ':applicationId') =>
      `/llme/applications/${applicationId}/completion`,
    /** A hub's LLMEs and the national workshops they must attend (`?hub=&year=`). */
    workshops: '/hub/llme-workshops',
    /** A hub's LLME community (`?hub=&year=`): its three leads, its meetings and registers, its roster. */
    community: '/hub/llme-community',
    communityLeads: '/hub/llme-community/leads',
    removeCommunityLead: (leadId: number | string = ':leadId') =>
      `/hub/llme-community/leads/${leadId}/remove`,
    communityMeetings: '/hub/llme-community/meetings',
    communityMeeting: (meetingId: number | string = ':meetingId') =>
      `/hub/llme-community/meetings/${meetingId}`,
  },
  /** Academic years appear in addresses as `2023-24`. */
  catalogue: {
    years: '/catalogue',
    year: (year = ':year') => `/catalogue/${year}`,
    ncp: (year = ':year', code = ':code') => `/catalogue/${year}/${code === ':code' ? code : enc(code)}`,
    editNcp: (year = ':year', code = ':code') =>
      `/catalogue/${year}/${code === ':code' ? code : enc(code)}/edit`,
    copyForward: '/catalogue/copy-forward',
    /** The confirmation page of publishing a draft catalogue; it posts to itself. */
    publish: (year = ':year') => `/catalogue/${year}/publish`,
  },
  /** Hub leadership's pages for their own hub (national staff choose a hub with `?hub=slug`). */
  myHub: {
    activities: '/hub/activities',
    newActivity: '/hub/activities/new',
    /** Copying last year's continuing activities (Sustaining, communities, second years) forward. */
    continueActivities: '/hub/activities/continue',
    llmes: '/hub/llmes',
    schools: '/hub/schools',
    school: (urn: number | string = ':urn') => `/hub/schools/${urn}`,
    /** Recording the Mastery Readiness criteria a school meets (a form on its journey page). */
    schoolCriteria: (urn: number | string = ':urn') => `/hub/schools/${urn}/criteria`,
    funnels: '/hub/funnels',
    imports: '/hub/imports',
    /** Interest registered in the hub's activities and NCPs; the hub registers the people in bulk. */
    interest: '/hub/interest',
    registerInterests: '/hub/interest/register',
    /** Declining one open interest (a confirmation page, then the decline). */
    declineInterest: (interestId: number | string = ':interestId') => `/hub/interest/${interestId}/decline`,
  },
  activity: {
    show: (id: number | string = ':id') => `/activities/${id}`,
    edit: (id: number | string = ':id') => `/activities/${id}/edit`,
    schools: (id: number | string = ':id') => `/activities/${id}/schools`,
    participants: (id: number | string = ':id') => `/activities/${id}/participants`,
    /** The confirmation pages: they post to `schools` and `participants`. */
    withdrawSchool: (id: number | string = ':id', urn: number | string = ':urn') =>
      `/activities/${id}/schools/${urn}/withdraw`,
    withdrawParticipant: (id: number | string = ':id', enrolmentId: number | string = ':enrolmentId') =>
      `/activities/${id}/participants/${enrolmentId}/withdraw`,
    leads: (id: number | string = ':id') => `/activities/${id}/leads`,
    sessions: (id: number | string = ':id') => `/activities/${id}/sessions`,
    register: (id: number | string = ':id', sessionId: number | string = ':sessionId') =>
      `/activities/${id}/sessions/${sessionId}`,
    signUp: (id: number | string = ':id') => `/activities/${id}/register`,
    /** The end of an activity: outcomes, reinstating (asks first), closing and reopening. */
    outcomes: (id: number | string = ':id') => `/activities/${id}/outcomes`,
    reinstateSchool: (id: number | string = ':id', urn: number | string = ':urn') =>
      `/activities/${id}/schools/${urn}/reinstate`,
    reinstateParticipant: (id: number | string = ':id', enrolmentId: number | string = ':enrolmentId') =>
      `/activities/${id}/participants/${enrolmentId}/reinstate`,
    close: (id: number | string = ':id') => `/activities/${id}/close`,
    reopen: (id: number | string = ':id') => `/activities/${id}/reopen`,
    /** Whether the hub's offer page lets people register directly (the hub's switch). */
    directRegistration: (id: number | string = ':id') => `/activities/${id}/direct-registration`,
  },
  my: {
    activities: '/my/activities',
    programmes: '/my/programmes',
    programme: (enrolmentId: number | string = ':enrolmentId') => `/my/programmes/${enrolmentId}`,
    school: '/my/school',
  },
  /** Grant statements and claims: a hub's own (national staff choose with `?hub=slug`), and the national team's. */
  funding: {
    statement: '/hub/funding',
    close: '/hub/funding/close',
    role: '/hub/funding/role',
    claims: '/hub/funding/claims',
    newClaim: '/hub/funding/claims/new',
    national: '/funding',
    allClaims: '/funding/claims',
    claim: (id: number | string = ':claimId') => `/funding/claims/${id}`,
    rules: (year = ':year') => `/funding/rules/${year}`,
    editRules: (year = ':year', code = ':ncpCode') =>
      `/funding/rules/${year}/${code === ':ncpCode' ? code : enc(code)}/edit`,
  },
  events: {
    mine: '/events',
    show: (id: number | string = ':id') => `/events/${id}`,
    confirm: (id: number | string = ':id') => `/events/${id}/confirm`,
    cancelPlace: (id: number | string = ':id') => `/events/${id}/cancel-place`,
    requirements: (id: number | string = ':id') => `/events/${id}/requirements`,
    comments: (id: number | string = ':id') => `/events/${id}/comments`,
    ics: (id: number | string = ':id') => `/events/${id}/calendar.ics`,
    connect: (token = ':token') => `/events/connect/${token}`,
    calendarFeed: '/events/calendar-feed',
    calendarFeedRevoke: '/events/calendar-feed/revoke',
    feed: (token = ':token') => `/calendar/${token}.ics`,
    emailPreferences: '/events/email-preferences',
    organise: '/organise/events',
    newEvent: '/organise/events/new',
    manage: (id: number | string = ':id') => `/organise/events/${id}`,
    edit: (id: number | string = ':id') => `/organise/events/${id}/edit`,
    cancel: (id: number | string = ':id') => `/organise/events/${id}/cancel`,
    addPerson: (id: number | string = ':id') => `/organise/events/${id}/add-person`,
    attendance: (id: number | string = ':id') => `/organise/events/${id}/attendance`,
    attendanceImport: (id: number | string = ':id') => `/organise/events/${id}/attendance/import`,
    documents: (id: number | string = ':id') => `/organise/events/${id}/documents`,
    /** Uploaded documents (with versions, modules/documents): the upload page, a document's page, deleting it. */
    newFile: (id: number | string = ':id') => `/organise/events/${id}/files/new`,
    file: (id: number | string = ':id', documentId: number | string = ':documentId') =>
      `/organise/events/${id}/files/${documentId}`,
    deleteFile: (id: number | string = ':id', documentId: number | string = ':documentId') =>
      `/organise/events/${id}/files/${documentId}/delete`,
    /** A version of an uploaded document, downloaded by those who may see the event's documents. */
    fileVersion: (
      id: number | string = ':id',
      documentId: number | string = ':documentId',
      versionId: number | string = ':versionId',
    ) => `/events/${id}/files/${documentId}/versions/${versionId}`,
    bankHolidays: '/admin/bank-holidays',
  },
  reports: {
    annual: '/reports/annual',
    /** The national team's comparison: every hub's figures for a year side by side, with England's (`?year=&sort=&order=`). */
    hubsCompared: '/reports/hubs-compared',
    hubDashboard: '/hub/dashboard',
  },
  /** Evaluation (issue 15): each part keeps its addresses (pages and API) in its own block. */
  evaluation: {
    home: '/evaluation',
    /** The one evaluation page of an activity, of a hub (`?hub=&year=`), of an NCP across hubs (`?ncp=&year=`). */
    activity: (id: number | string = ':id') => `/activities/${id}/evaluation`,
    hub: '/evaluation/hub',
    ncp: '/evaluation/ncp',

    // HAPPI forms (evaluation/happi-*).
    happi: {
      list: '/evaluation/happi',
      form: (id: number | string = ':id') => `/activities/${id}/happi`,
      plan: (id: number | string = ':id') => `/activities/${id}/happi/plan`,
      impact: (id: number | string = ':id') => `/activities/${id}/happi/impact`,
      /** Files given as evidence of impact: uploading, downloading, removing (asked first). */
      files: (id: number | string = ':id') => `/activities/${id}/happi/files`,
      file: (id: number | string = ':id', fileId: number | string = ':fileId') =>
        `/activities/${id}/happi/files/${fileId}`,
      removeFile: (id: number | string = ':id', fileId: number | string = ':fileId') =>
        `/activities/${id}/happi/files/${fileId}/remove`,
      progress: (id: number | string = ':id') => `/activities/${id}/happi/progress`,
      submit: (id: number | string = ':id') => `/activities/${id}/happi/submit`,
      review: (id: number | string = ':id') => `/activities/${id}/happi/review`,
    },

    // National surveys (evaluation/survey-*).
    surveys: {
      templates: '/evaluation/surveys/templates',
      newTemplate: '/evaluation/surveys/templates/new',
      template: (templateId: number | string = ':templateId') =>
        `/evaluation/surveys/templates/${templateId}`,
      templateQuestions: (templateId: number | string = ':templateId') =>
        `/evaluation/surveys/templates/${templateId}/questions`,
      removeQuestion: (templateId: number | string = ':templateId') =>
        `/evaluation/surveys/templates/${templateId}/questions/remove`,
      publishTemplate: (templateId: number | string = ':templateId') =>
        `/evaluation/surveys/templates/${templateId}/publish`,
      newVersion: (templateId: number | string = ':templateId') =>
        `/evaluation/surveys/templates/${templateId}/new-version`,
      windows: '/evaluation/surveys/windows',
      issue: '/evaluation/surveys/issue',
      completion: '/evaluation/surveys/completion',
      activity: (activityId: number | string = ':activityId') =>
        `/evaluation/surveys/activities/${activityId}`,
      remind: (activityId: number | string = ':activityId') =>
        `/evaluation/surveys/activities/${activityId}/remind`,
      mine: '/surveys',
      invitation: (invitationId: number | string = ':invitationId') => `/surveys/${invitationId}`,
      answer: (surveyToken = ':surveyToken') => `/surveys/answer/${surveyToken}`,
      // results
      results: '/evaluation/surveys/results',
      hubResults: '/evaluation/surveys/results/hub',
      activityResults: (id: number | string = ':id') => `/activities/${id}/survey-results`,
    },

    // Records of visits (evaluation/visit-*).
    visits: {
      /** The hub's visits (hub leadership and the national team), filtered by activity, school and year. */
      hub: '/evaluation/visits',
      /** The actions agreed on visits that the signed-in person owns. */
      mine: '/evaluation/visits/my-actions',
      list: (id: number | string = ':id') => `/activities/${id}/visits`,
      record: (id: number | string = ':id') => `/activities/${id}/visits/new`,
      coverage: (id: number | string = ':id') => `/activities/${id}/visits/coverage`,
      show: (id: number | string = ':id', visitId: number | string = ':visitId') =>
        `/activities/${id}/visits/${visitId}`,
      edit: (id: number | string = ':id', visitId: number | string = ':visitId') =>
        `/activities/${id}/visits/${visitId}/edit`,
      remove: (id: number | string = ':id', visitId: number | string = ':visitId') =>
        `/activities/${id}/visits/${visitId}/delete`,
      actions: (id: number | string = ':id', visitId: number | string = ':visitId') =>
        `/activities/${id}/visits/${visitId}/actions`,
    },

    // Evaluation reports (evaluation/report-*).
    reports: {
      list: '/evaluation/reports',
      new: '/evaluation/reports/new',
      search: '/evaluation/reports/search',
      show: (reportId: number | string = ':reportId') => `/evaluation/reports/${reportId}`,
      edit: (reportId: number | string = ':reportId') => `/evaluation/reports/${reportId}/edit`,
      publish: (reportId: number | string = ':reportId') => `/evaluation/reports/${reportId}/publish`,
      actions: '/evaluation/actions',
      action: (actionId: number | string = ':actionId') => `/evaluation/actions/${actionId}`,
    },
  },
  /** Targeted Support in Mathematics (issue 16): referrals, partnerships, handovers (targeted-support/). */
  targetedSupport: {
    /** The lists: referrals waiting, partnerships by phase, schools moved on (`?hub=&year=&format=&list=`). */
    home: '/targeted-support',
    refer: '/targeted-support/referrals/new',
    importReferrals: '/targeted-support/referrals/import',
    referral: (referralId: number | string = ':referralId') => `/targeted-support/referrals/${referralId}`,
    partnership: (partnershipId: number | string = ':partnershipId') =>
      `/targeted-support/partnerships/${partnershipId}`,
    planItems: (partnershipId: number | string = ':partnershipId') =>
      `/targeted-support/partnerships/${partnershipId}/plan`,
    phase: (partnershipId: number | string = ':partnershipId') =>
      `/targeted-support/partnerships/${partnershipId}/phase`,
    handover: (partnershipId: number | string = ':partnershipId') =>
      `/targeted-support/partnerships/${partnershipId}/handover`,
  },
  duplicates: '/admin/people/duplicates',
  mergePeople: '/admin/people/duplicates/merge',
  api: {
    docs: '/api/docs',
    findYourHub: '/api/v1/find-your-hub',
    schools: '/api/v1/schools',
    school: (urn: number | string = ':urn') => `/api/v1/schools/${urn}`,
    hubs: '/api/v1/hubs',
    hub: (slug = ':slug') => `/api/v1/hubs/${slug}`,
    localAuthorities: '/api/v1/local-authorities',
    me: '/api/v1/me',
    catalogue: (year = ':year') => `/api/v1/catalogue/${year}`,
    ncp: (year = ':year', code = ':code') => `/api/v1/catalogue/${year}/${code}`,
    hubActivities: (slug = ':slug') => `/api/v1/hubs/${slug}/activities`,
    continueActivities: (slug = ':slug') => `/api/v1/hubs/${slug}/activities/continue`,
    activity: (id: number | string = ':id') => `/api/v1/activities/${id}`,
    activityLeads: (id: number | string = ':id') => `/api/v1/activities/${id}/leads`,
    activitySchools: (id: number | string = ':id') => `/api/v1/activities/${id}/schools`,
    activitySessions: (id: number | string = ':id') => `/api/v1/activities/${id}/sessions`,
    sessionRegister: (id: number | string = ':id', sessionId: number | string = ':sessionId') =>
      `/api/v1/activities/${id}/sessions/${sessionId}/register`,
    closeActivity: (id: number | string = ':id') => `/api/v1/activities/${id}/close`,
    schoolJourney: (urn: number | string = ':urn') => `/api/v1/schools/${urn}/journey`,
    activityRegistrations: (id: number | string = ':id') => `/api/v1/activities/${id}/registrations`,
    schoolOutcome: (id: number | string = ':id', urn: number | string = ':urn') =>
      `/api/v1/activities/${id}/schools/${urn}/outcome`,
    participantOutcome: (id: number | string = ':id', enrolmentId: number | string = ':enrolmentId') =>
      `/api/v1/activities/${id}/participants/${enrolmentId}/outcome`,
    hubRegistrations: (slug = ':slug') => `/api/v1/hubs/${slug}/registrations`,
    activityInterest: (id: number | string = ':id') => `/api/v1/activities/${id}/interest`,
    hubInterest: (slug = ':slug') => `/api/v1/hubs/${slug}/interest`,
    hubInterestRegistrations: (slug = ':slug') => `/api/v1/hubs/${slug}/interest/registrations`,
    myProgrammes: '/api/v1/me/programmes',
    myProgramme: (enrolmentId: number | string = ':enrolmentId') => `/api/v1/me/programmes/${enrolmentId}`,
    hubFunding: (slug = ':slug', year = ':year') => `/api/v1/hubs/${slug}/funding/${year}`,
    myEvents: '/api/v1/events',
    confirmEvent: (id: number | string = ':id') => `/api/v1/events/${id}/confirm`,
    cancelEventPlace: (id: number | string = ':id') => `/api/v1/events/${id}/cancel`,
    annualReport: (year = ':year') => `/api/v1/reports/annual/${year}`,
    accreditations: '/api/v1/accreditations',
  },
} as const;
