/** The few rules GOV.UK Frontend does not give the scorecard (a module, so the build carries it into dist/). */
export const APP_CSS = `
.app-header { background: #0b0c0c; border-bottom: 10px solid #1d70b8; padding: 10px 0; }
.app-header .app-header__link:link, .app-header .app-header__link:visited { color: #ffffff; font-weight: 700; font-size: 24px; text-decoration: none; }
.app-header .app-header__link:hover { text-decoration: underline; }
.app-header .app-header__link:focus { color: #0b0c0c; }
.app-nav { margin-top: 10px; }
.app-nav__list { display: flex; flex-wrap: wrap; gap: 0 20px; align-items: center; margin-bottom: 0; }
.app-nav__user { margin-left: auto; }
.app-inline-form { display: inline-block; margin: 0 5px 0 0; }
.app-small-button { margin: 0; padding: 4px 8px; font-size: 16px; }
.app-filters { display: flex; flex-wrap: wrap; gap: 0 20px; align-items: flex-end; }
.app-filter { margin-bottom: 15px; max-width: 100%; }
.app-filter .govuk-select, .app-filter .govuk-input { max-width: 100%; min-width: 0; }
.app-filter-button { margin-bottom: 15px; }
.app-table-wrap { overflow-x: auto; margin-bottom: 30px; }
.app-counts { display: block; font-size: 14px; color: #484949; }
.app-chart { margin: 0 0 30px; max-width: 100%; overflow-x: auto; }
.app-chart svg { max-width: 100%; height: auto; }
.app-timeline__item { border-left: 4px solid #b1b4b6; padding-left: 15px; margin-bottom: 20px; }
.app-details { margin-bottom: 0; }
.app-children { word-break: break-all; }
.app-total th, .app-total td { font-weight: 700; }
.app-panel { margin-bottom: 30px; }
`;
