import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Calendar, parseHolidays } from './domain/business-days';

export const BUSINESS_CALENDAR = Symbol('BUSINESS_CALENDAR');

/** Weekends and the configured public holidays (PUBLIC_HOLIDAYS) are not business days. */
export const businessCalendarProvider: Provider = {
  provide: BUSINESS_CALENDAR,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Calendar => ({ holidays: parseHolidays(config.publicHolidays) }),
};
