/// The Todo API's own routes, added after the shared operational and auth
/// routes.
func addTierRoutes(to routes: Routes, dependencies: AppDependencies, authenticated: AuthenticationMiddleware) {
    TodoController(dependencies: dependencies).addRoutes(to: routes, authenticated: authenticated)
}
