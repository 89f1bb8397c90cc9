package io.vidgate.broker.admin;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenVidu features this Vidgate version does not have. 501 is what openvidu-server itself answers for a module it
 * has off (its recordings with OPENVIDU_RECORDING=false), so clients already handle it.
 */
@RestController
public class NotAvailableController {

    @RequestMapping({"/openvidu/api/broadcast", "/openvidu/api/broadcast/**"})
    public void broadcast() {
        throw new ApiException(HttpStatus.NOT_IMPLEMENTED, "broadcasting is not available in this Vidgate version");
    }
}
