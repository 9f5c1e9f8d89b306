/*
 * Wagtail's autosave posts the editor's form in the background; on a new page its first save
 * creates the page and only then points the form at the page's edit URL. An editor who presses
 * "Submit for moderation" (or any other action) while that save is on its way posts to the
 * create URL a second time: the page is refused with "slug already in use" and a second
 * attempt makes a duplicate. An autosave that starts after the editor's own submit races it the
 * other way and fails inside Wagtail with a server error. So an editor's submit waits for a save
 * in flight and is then sent to wherever the save pointed the form, and once the editor's submit
 * is on its way no autosave starts.
 */
(function () {
  "use strict";

  function isAutosaved(form) {
    return (
      form instanceof HTMLFormElement &&
      (form.getAttribute("data-controller") || "").split(/\s+/).indexOf("w-autosave") !== -1
    );
  }

  // Wagtail dispatches "save" and then posts unless a listener cancelled it; a cancelled save
  // gets no answer, so only a save that goes ahead counts as in flight.
  document.addEventListener("w-autosave:save", function (event) {
    var form = event.target;
    if (!isAutosaved(form)) return;
    if (form.dataset.editorSubmitting) event.preventDefault();
    if (!event.defaultPrevented) form.dataset.autosaveInFlight = "true";
  });

  function settled(event) {
    var form = event.target;
    if (!isAutosaved(form)) return;
    delete form.dataset.autosaveInFlight;
    var waiting = form._submitWaitingForAutosave;
    if (waiting) {
      form._submitWaitingForAutosave = null;
      // The save may have moved the form to the new page's edit URL; send the editor's action
      // there, with the button they pressed.
      var button = waiting.submitter;
      if (button && button.isConnected && button.form === form && !button.disabled) {
        form.requestSubmit(button);
        return;
      }
      // Wagtail greys out a pressed "Publish" or "Save draft" button, and a disabled button's
      // name is not sent: the action is carried by a hidden field instead.
      if (button && button.name) {
        var action = document.createElement("input");
        action.type = "hidden";
        action.name = button.name;
        action.value = button.value;
        form.appendChild(action);
      }
      form.requestSubmit();
    }
  }
  document.addEventListener("w-autosave:success", settled, true);
  document.addEventListener("w-autosave:error", settled, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!isAutosaved(form) || event.defaultPrevented) return;
    if (form.dataset.autosaveInFlight) {
      event.preventDefault();
      form._submitWaitingForAutosave = { submitter: event.submitter };
      return;
    }
    form.dataset.editorSubmitting = "true";
  });

  // Back from the browser's page cache (the back button after a submit), the form is live again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-editor-submitting]").forEach(function (form) {
      delete form.dataset.editorSubmitting;
    });
  });
})();
