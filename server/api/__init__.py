"""HTTP API: blueprints with thin handlers (load, authorise, call one operation, answer)."""


def register(api) -> None:
    """Register every blueprint on the flask-smorest Api."""
    from server.api import (
        admin,
        auth,
        items,
        me,
        photos,
        placard,
        project_sheets,
        projects,
        public,
        publication,
        reports,
        spot_checks,
        sync,
        visits,
    )

    for module in (auth, items, me, photos, sync, visits, spot_checks, reports, placard,
                   public, publication, project_sheets, projects, admin):
        api.register_blueprint(module.blp)
