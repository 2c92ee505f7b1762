// Buttons marked data-schakel-print open the browser's print dialog (no inline handlers: CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-schakel-print]");
  if (button) {
    window.print();
  }
});
