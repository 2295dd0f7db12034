// Store pages only (with the Cafe24 store stand-in): who the store's session holds, read the way a
// skin reads it, through the front SDK's CAFE24API.getCustomerIDInfo (res.id.member_id for a
// member, res.id.guest_id for a guest). Plain JS, no inline script.
(() => {
  const status = document.getElementById('store-session-status');
  const api = window.CAFE24API;
  if (!status || !api) return;
  api.getCustomerIDInfo((err, res) => {
    status.textContent = 'Store session: ';
    if (err || !res) {
      status.append('could not be read');
      return;
    }
    const memberId = res.id.member_id;
    if (!memberId) {
      status.append('not signed in (a guest)');
      return;
    }
    const strong = document.createElement('strong');
    strong.id = 'store-member';
    strong.textContent = memberId;
    status.append('signed in as ', strong);
  });
})();
