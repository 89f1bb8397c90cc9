'use strict';
// What the e2e tests do in the browser, as an app would with openvidu-browser's public API only. Every method
// returns a promise; the Java side (HarnessPage) runs them with executeAsyncScript. Errors come back as
// {name, message, code}: OpenViduError's name, or the JSON-RPC error openvidu-browser rejects with.
window.harness = (() => {
  const events = [];
  const subscribers = [];
  const renderedFrames = new Map(); // video element -> frames presented (requestVideoFrameCallback)
  let OV = null;
  let session = null;
  let publisher = null;

  function record(name, fields) {
    events.push(Object.assign({ event: name, at: Date.now() }, fields));
  }

  function countFrames(video) {
    renderedFrames.set(video, 0);
    const onFrame = () => {
      renderedFrames.set(video, renderedFrames.get(video) + 1);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }

  async function join(token, options) {
    OV = new OpenVidu();
    if (options.relay) {
      // Only relayed candidates: media must go through the TURN servers the joinRoom answer named.
      OV.setAdvancedConfiguration({ rtcConfiguration: { iceTransportPolicy: 'relay' } });
    }
    session = OV.initSession();
    session.on('connectionCreated', (e) => record('connectionCreated', { connectionId: e.connection.connectionId }));
    session.on('connectionDestroyed', (e) =>
      record('connectionDestroyed', { connectionId: e.connection.connectionId, reason: e.reason }));
    session.on('streamDestroyed', (e) =>
      record('streamDestroyed', { connectionId: e.stream.connection.connectionId, reason: e.reason }));
    session.on('sessionDisconnected', (e) => record('sessionDisconnected', { reason: e.reason }));
    session.on('exception', (e) => record('exception', { name: e.name, message: e.message }));
    // What OpenVidu tells participants of the session's recordings (OPENVIDU_RECORDING_NOTIFICATION decides who).
    session.on('recordingStarted', (e) => record('recordingStarted', { id: e.id, name: e.name }));
    session.on('recordingStopped', (e) => record('recordingStopped', { id: e.id, name: e.name, reason: e.reason }));
    session.on('streamCreated', (e) => {
      record('streamCreated', { connectionId: e.stream.connection.connectionId, streamId: e.stream.streamId });
      const subscriber = session.subscribe(e.stream, document.getElementById('remote'));
      subscriber.on('videoElementCreated', (v) => countFrames(v.element));
      subscribers.push(subscriber);
    });
    await session.connect(token, { clientData: options.clientData || 'e2e' });
    return { connectionId: session.connection.connectionId, role: session.connection.role };
  }

  async function publish() {
    publisher = await OV.initPublisherAsync(document.getElementById('local'), {
      resolution: '320x240',
      frameRate: 15,
      mirror: false
    });
    await session.publish(publisher);
    return { streamId: publisher.stream.streamId };
  }

  async function forceDisconnect(connectionId) {
    const connection = session.remoteConnections.get(connectionId);
    if (!connection) {
      throw new Error('no remote connection ' + connectionId);
    }
    await session.forceDisconnect(connection);
    return {};
  }

  async function leave() {
    if (session && session.connection) {
      session.disconnect();
    }
    return {};
  }

  /**
   * The selected candidate pair's local candidate: its type and, if relayed, the TURN server's URL; for receivers,
   * the video frames decoded.
   */
  async function peerStats(stream) {
    const pc = stream.getRTCPeerConnection();
    if (!pc) {
      return { iceState: 'none' };
    }
    const report = await pc.getStats();
    const stats = { iceState: pc.iceConnectionState, framesDecoded: 0 };
    let pairId = null;
    report.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        pairId = s.selectedCandidatePairId;
      }
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        stats.framesDecoded = s.framesDecoded || 0;
      }
    });
    const pair = pairId && report.get(pairId);
    const local = pair && report.get(pair.localCandidateId);
    stats.localCandidateType = local ? local.candidateType : null;
    stats.relayServer = local && local.candidateType === 'relay' ? local.url : null;
    return stats;
  }

  async function media() {
    const received = [];
    for (const subscriber of subscribers) {
      const video = subscriber.videos.length > 0 ? subscriber.videos[0].video : null;
      received.push(Object.assign({
        connectionId: subscriber.stream.connection.connectionId,
        videoWidth: video ? video.videoWidth : 0,
        videoHeight: video ? video.videoHeight : 0,
        framesRendered: video ? renderedFrames.get(video) || 0 : 0
      }, await peerStats(subscriber.stream)));
    }
    const sent = publisher && publisher.stream.getRTCPeerConnection() ? await peerStats(publisher.stream) : null;
    return { received, sent };
  }

  function describe(error) {
    if (error === undefined || error === null) {
      return { name: 'unknown', message: String(error) };
    }
    if (typeof error === 'string') {
      return { name: 'string', message: error };
    }
    return { name: error.name || 'Error', message: error.message || JSON.stringify(error), code: error.code };
  }

  /** Runs one of the methods above for executeAsyncScript: done({value}) or done({error}). */
  function run(method, args, done) {
    Promise.resolve()
      .then(() => api[method].apply(null, args))
      .then((value) => done({ value: value === undefined ? null : value }), (error) => done({ error: describe(error) }));
  }

  const api = { join, publish, forceDisconnect, leave, media, events: async () => events };
  return { run };
})();
