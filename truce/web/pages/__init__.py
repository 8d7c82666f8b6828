"""The pages: server-rendered, in English and Russian, usable without JavaScript where a form suffices."""
