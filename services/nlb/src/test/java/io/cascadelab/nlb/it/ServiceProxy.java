package io.cascadelab.nlb.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * What a Kubernetes Service does for a data-plane node, in miniature: connections to the Service's address on the
 * node port are relayed to the port the node listens on inside the pod (kube-proxy's DNAT, done here by copying
 * bytes both ways).
 */
final class ServiceProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress backend;

    ServiceProxy(String address, int port, InetSocketAddress backend) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getByName(address));
        this.backend = backend;
        daemon("service-" + address, this::accept);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(backend.getAddress(), backend.getPort());
                relay(client, upstream);
                relay(upstream, client);
            } catch (IOException e) {
                // closed, or the backend refused: the client's connection fails as it would through a Service
            }
        }
    }

    private static void relay(Socket from, Socket to) {
        daemon("relay", () -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side went away
            } finally {
                close(from);
                close(to);
            }
        });
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
