/**
 * English messages of the managers' pages (the feedback-loop report, its drill-down, the open
 * figures) and the accessibility statement, spread into en.ts; managers.fi.ts and managers.sv.ts
 * have the same keys.
 */
export const managersEn = {
  'nav.reports': 'Feedback loop',
  'nav.figures': 'Open figures',
  'layout.footer.accessibility': 'Accessibility statement',

  'metric.orders': 'Orders',
  'metric.consultationRate': 'Orders with consultation',
  'metric.adviceFollowedRate': 'Advice followed',
  'metric.changeRequestRate': 'Orders with a change request',
  'metric.firstTimeRightRate': 'Accepted without reopening',
  'metric.leadTimeMedianDays': 'Lead time, median (days)',
  'metric.leadTimeP90Days': 'Lead time, 90th percentile (days)',
  'metric.onTimeRate': 'Delivered on time',
  'metric.satisfactionAvg': 'Satisfaction (1–5)',
  'metric.purposeAchievedRate': 'Purpose achieved',
  'metric.recommendationsIssued': 'Recommendations issued',
  'metric.recommendationsAdopted': 'Recommendations adopted',
  'metric.recommendationAdoptionRate': 'Recommendations adopted (of decided)',
  'metric.timeInStatus': 'Average days in each status',

  'report.title': 'Feedback loop',
  'report.lead': 'How the loop works for the units you manage: what was ordered, how it was delivered and what it achieved.',
  'report.filters': 'Choose what to see',
  'report.groupBy': 'Group by',
  'report.groupBy.month': 'Month',
  'report.groupBy.service': 'Service',
  'report.groupBy.supportUnit': 'Support unit',
  'report.groupBy.requesterUnit': 'Requesting unit',
  'report.from': 'From',
  'report.to': 'To',
  'report.dateHint': 'For example 2026-01-01',
  'report.metric': 'Chart',
  'report.apply': 'Show',
  'report.clear': 'Clear the filters',
  'report.filteredBy': 'Showing only: {name}.',
  'report.chartHeading': 'Chart',
  'report.chartDescription': 'One bar per group: {metric}. The same numbers are in the table below the chart.',
  'report.chartTable': '{metric} by group',
  'report.noData': 'no data',
  'report.empty': 'No orders in this selection.',
  'report.tableHeading': 'Every metric',
  'report.tableCaption': 'The feedback loop by {grouping}',
  'report.group': 'Group',
  'report.drill.services': 'Services of {name}',
  'report.drill.orders': 'Orders behind {name}',
  'report.statusHeading': 'Time in each status',
  'report.statusCaption': 'Average days per order in each status',
  'report.download': 'Download as CSV',
  'report.invalidPeriod': 'The end of the period must not be before its start',

  'reportOrders.title': 'Orders behind the figures',
  'reportOrders.lead': 'The orders of this selection that you may see, newest first.',
  'reportOrders.back': 'Back to the feedback loop',
  'reportOrders.caption': 'Orders',
  'reportOrders.reference': 'Reference',
  'reportOrders.order': 'Order',
  'reportOrders.status': 'Status',
  'reportOrders.none': 'No orders in this selection.',
  'reportOrders.next': 'More orders',

  'figures.title': 'Open figures',
  'figures.lead':
    'The feedback loop’s key figures for each support unit over the last 12 months ({from} – {to}), open to everyone in the organisation.',
  'figures.caption': 'Key figures per support unit',
  'figures.unit': 'Support unit',
  'figures.none': 'No orders in the last 12 months.',
  'figures.noValue': 'no data',

  'a11y.title': 'Accessibility statement',
  'a11y.lead': 'This statement applies to the Support orders service. We want as many people as possible to be able to use it.',
  'a11y.status.heading': 'Compliance status',
  'a11y.status.text':
    'The service partially meets the Web Content Accessibility Guidelines (WCAG) 2.1, level AA, as required by the EU Web Accessibility Directive (2016/2102) and the Finnish Act on the Provision of Digital Services (306/2019). Every page is checked automatically in its tests against WCAG 2.2 AA.',
  'a11y.nonAccessible.heading': 'Non-accessible content',
  'a11y.nonAccessible.text':
    'Charts are images: their numbers are always also given in a table beside them. Files that people attach to their orders may not be accessible; we cannot check them.',
  'a11y.preparation.heading': 'Preparation of this statement',
  'a11y.preparation.text':
    'This statement was prepared on 25 November 2026, based on a self-assessment: automated checks with axe-core on every page in every state the tests reach, and keyboard-only use.',
  'a11y.feedback.heading': 'Feedback and contact information',
  'a11y.feedback.text':
    'If you notice an accessibility problem in this service, tell us: write to accessibility@example.invalid. Say which page and what happened. We answer within 14 days.',
  'a11y.enforcement.heading': 'Enforcement procedure',
  'a11y.enforcement.text':
    'If you are not satisfied with our answer, or get no answer within two weeks, you can report it to the supervisory authority, the Regional State Administrative Agency for Southern Finland (Etelä-Suomen aluehallintovirasto), www.saavutettavuusvaatimukset.fi, saavutettavuus@avi.fi.',
};
