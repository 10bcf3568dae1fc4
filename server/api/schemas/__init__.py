"""marshmallow schemas: what each endpoint accepts and answers."""
