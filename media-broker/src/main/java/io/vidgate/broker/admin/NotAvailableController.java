package io.vidgate.broker.admin;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenVidu features this Vidgate version does not have. 501 is what openvidu-server itself answers when its
 * recording module is disabled, so clients already handle it.
 */
@RestController
public class NotAvailableController {

    @RequestMapping({"/openvidu/api/recordings", "/openvidu/api/recordings/**"})
    public void recordings() {
        throw new ApiException(HttpStatus.NOT_IMPLEMENTED, "recording is not available in this Vidgate version");
    }

    @RequestMapping({"/openvidu/api/broadcast", "/openvidu/api/broadcast/**"})
    public void broadcast() {
        throw new ApiException(HttpStatus.NOT_IMPLEMENTED, "broadcasting is not available in this Vidgate version");
    }
}
