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


def submit_admin_form(client, url, changes=None, inline_changes=None):
    """GET ``url``, apply ``changes`` to the main form and ``inline_changes`` to raw POST keys, POST it."""
    response = client.get(url)
    context = response.context
    data = form_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    data.update(changes or {})
    data.update(inline_changes or {})
    return client.post(url, data)
