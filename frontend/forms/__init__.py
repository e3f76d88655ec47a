"""The pages' forms. They validate what a person typed; the services decide the rest."""
