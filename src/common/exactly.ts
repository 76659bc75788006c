/**
 * What a response class implements to document a service's view exactly:
 * `class UserResponse implements Exactly<UserView, UserResponse>`. The compiler then fails when
 * the view gains, loses, widens (a `null`, an optional field) or narrows a field the class does
 * not say the same way, so the OpenAPI document cannot drift from what the service returns.
 */
export type Exactly<View, Documented> = [Documented] extends [View]
  ? [View] extends [Documented]
    ? [keyof View] extends [keyof Documented]
      ? [keyof Documented] extends [keyof View]
        ? View
        : { 'documented fields the view lacks': Exclude<keyof Documented, keyof View> }
      : { 'view fields not documented': Exclude<keyof View, keyof Documented> }
    : { 'documented fields narrower than the view (never null, always present)': keyof Documented }
  : View;
