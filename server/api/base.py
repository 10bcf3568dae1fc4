"""The flask-smorest Api with errors answered in the project's one error shape."""

from flask_smorest import Api

from server.errors import http_exception_response


class ZlApi(Api):
    """flask-smorest Api whose HTTP errors use `server.errors`' shape."""

    def handle_http_exception(self, error):
        """Answer an HTTP error in the shared error shape."""
        return http_exception_response(error)
