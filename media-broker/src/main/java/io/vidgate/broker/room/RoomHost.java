package io.vidgate.broker.room;

/** What a {@link Room} tells the {@link Rooms} holding it. Called with the room's lock held: must not block. */
interface RoomHost {

    /** The room closed: its id is free again. */
    void closed(Room room);

    /** A participant joined with this resume id. */
    void resumable(String resumeId, Room room);

    /** The participant with this resume id left. */
    void notResumable(String resumeId);
}
