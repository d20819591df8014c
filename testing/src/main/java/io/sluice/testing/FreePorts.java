package io.sluice.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for embedded servers. Port 0 would pick one from the kernel's ephemeral range, which every
 * outgoing connection of the machine draws from too, so in a busy test run a client socket can take the port
 * between the check and the server's bind. Ports below that range (Linux starts it at 32768) are taken only
 * by servers that bind them on purpose.
 */
final class FreePorts {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;

    private FreePorts() {
    }

    /** A port in 20000–31999 that nothing listens on at this moment (on 127.0.0.1). */
    static int outsideEphemeralRange() {
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free TCP port between " + FIRST + " and " + LAST + " on 127.0.0.1");
    }
}
