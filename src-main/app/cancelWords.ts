// moved to the notices feature (issue 16); kept here for the importers of the old path
export { cancelWords } from '../features/notices/cancelWords'
