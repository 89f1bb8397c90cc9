'use strict';
// The call every OpenVidu tutorial starts with (openvidu-js): get a token from the app's own backend, join the
// session, publish camera and microphone, show every remote stream, leave. Nothing here knows about Vidgate: the
// token's URL sends openvidu-browser to Vidgate's edge.

const joinForm = document.getElementById('join');
const callSection = document.getElementById('call');
const videos = document.getElementById('videos');
const statusLine = document.getElementById('status');

let session = null;

document.getElementById('user-name').value = 'Participant' + Math.floor(Math.random() * 100);
joinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  joinSession(document.getElementById('session-name').value, document.getElementById('user-name').value);
});
document.getElementById('leave-button').addEventListener('click', leaveSession);
window.addEventListener('beforeunload', () => {
  if (session) {
    session.disconnect();
  }
});

async function joinSession(sessionName, userName) {
  joinForm.querySelector('button').disabled = true;
  setStatus('Joining ' + sessionName + '…');
  const OV = new OpenVidu();
  session = OV.initSession();

  session.on('streamCreated', (event) => {
    const tile = addTile(nameOf(event.stream.connection), 'remote', event.stream.connection.connectionId);
    const subscriber = session.subscribe(event.stream, tile);
    subscriber.on('videoElementDestroyed', () => tile.remove());
  });
  session.on('sessionDisconnected', (event) => {
    showJoinForm();
    if (event.reason !== 'disconnect') {
      setStatus('Disconnected: ' + event.reason);
    }
  });
  session.on('exception', (exception) => console.warn('OpenVidu exception', exception));

  try {
    const token = await getToken(sessionName);
    await session.connect(token, { clientData: userName });
    document.getElementById('session-title').textContent = sessionName;
    joinForm.hidden = true;
    callSection.hidden = false;

    const publisher = await OV.initPublisherAsync(undefined, {
      publishAudio: true,
      publishVideo: true,
      resolution: '640x480',
      frameRate: 30,
      mirror: false
    });
    const tile = addTile(userName + ' (you)', 'local', session.connection.connectionId);
    publisher.addVideoElement(tile.appendChild(document.createElement('video')));
    await session.publish(publisher);
    setStatus('In session ' + sessionName + ' as ' + userName);
  } catch (error) {
    console.error(error);
    setStatus('Could not join: ' + (error.message || error.name || error));
    if (session) {
      session.disconnect();
    }
    showJoinForm();
  }
}

function leaveSession() {
  if (session) {
    session.disconnect();
  }
  showJoinForm();
  setStatus('You left the session');
}

function showJoinForm() {
  session = null;
  videos.replaceChildren();
  callSection.hidden = true;
  joinForm.hidden = false;
  joinForm.querySelector('button').disabled = false;
}

/** A labelled box for one participant's video; openvidu-browser puts the video element inside. */
function addTile(label, kind, connectionId) {
  const tile = document.createElement('figure');
  tile.className = 'tile ' + kind;
  tile.dataset.connectionId = connectionId;
  const caption = document.createElement('figcaption');
  caption.textContent = label;
  tile.appendChild(caption);
  videos.appendChild(tile);
  return tile;
}

function nameOf(connection) {
  try {
    return JSON.parse(connection.data).clientData || connection.connectionId;
  } catch (notJson) {
    return connection.connectionId;
  }
}

function setStatus(text) {
  statusLine.textContent = text;
}

// The app's backend (this demo's): it holds Vidgate's secret and asks the internal listener for a token,
// as in the OpenVidu tutorials.
async function getToken(sessionName) {
  const sessionId = await post('api/sessions', { customSessionId: sessionName });
  return post('api/sessions/' + encodeURIComponent(sessionId) + '/connections', {});
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(text || ('HTTP ' + response.status));
  }
  return text;
}
