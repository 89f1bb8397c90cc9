package io.vidgate.broker.kms;

import java.io.IOException;
import java.io.StringReader;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * The object and type of a KMS {@code onEvent} notification
 * ({@code {"method":"onEvent","params":{"value":{"object":…,"type":…,"data":…}}}}), read with a streaming reader that
 * skips the rest: the transport looks at every event before kurento-client parses it (again) into a tree.
 */
record KmsEvent(String object, String type) {

    /** The event, or null when the message is no {@code onEvent} notification with an object. */
    static KmsEvent read(String message) {
        try (JsonReader reader = new JsonReader(new StringReader(message))) {
            String method = null;
            KmsEvent event = null;
            reader.beginObject();
            while (reader.hasNext()) {
                switch (reader.nextName()) {
                    case "method" -> method = reader.peek() == JsonToken.STRING ? reader.nextString() : skip(reader);
                    case "params" -> event = params(reader);
                    default -> reader.skipValue();
                }
            }
            return "onEvent".equals(method) && event != null && event.object() != null ? event : null;
        } catch (IOException | IllegalStateException malformed) {
            return null; // kurento-client reports it
        }
    }

    private static KmsEvent params(JsonReader reader) throws IOException {
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
            reader.skipValue();
            return null;
        }
        KmsEvent event = null;
        reader.beginObject();
        while (reader.hasNext()) {
            if ("value".equals(reader.nextName()) && reader.peek() == JsonToken.BEGIN_OBJECT) {
                event = value(reader);
            } else {
                reader.skipValue();
            }
        }
        reader.endObject();
        return event;
    }

    private static KmsEvent value(JsonReader reader) throws IOException {
        String object = null;
        String type = "";
        reader.beginObject();
        while (reader.hasNext()) {
            switch (reader.nextName()) {
                case "object" -> object = reader.peek() == JsonToken.STRING ? reader.nextString() : skip(reader);
                case "type" -> type = reader.peek() == JsonToken.STRING ? reader.nextString() : skip(reader);
                default -> reader.skipValue();
            }
        }
        reader.endObject();
        return new KmsEvent(object, type == null ? "" : type);
    }

    private static String skip(JsonReader reader) throws IOException {
        reader.skipValue();
        return null;
    }
}
