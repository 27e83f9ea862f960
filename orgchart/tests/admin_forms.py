"""Submit an admin change form the way a browser would: every field and inline as rendered."""


def form_values(form):
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)
    return data


def admin_form_data(client, url):
    """What a browser would POST back unchanged from the admin change form at ``url``, inlines included."""
    context = client.get(url).context
    data = form_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    return data


def as_browser_sends(data):
    """``data`` with line breaks as browsers send a textarea's: CRLF."""
    return {key: value.replace("\n", "\r\n") if isinstance(value, str) else value for key, value in data.items()}


def submit_admin_form(client, url, changes=None, inline_changes=None):
    """GET ``url``, apply ``changes`` to the main form and ``inline_changes`` to raw POST keys, POST it."""
    data = admin_form_data(client, url)
    data.update(changes or {})
    data.update(inline_changes or {})
    return client.post(url, data)
