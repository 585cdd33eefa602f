/**
 * The example schema of a new project: a session kind, rpcs, a send, events to a session and to players,
 * and a declared error, so that every part of the generated code has something to show.
 */
export const gameSchema = `// The API of the game: the types, the calls a client makes, the events the server pushes.
// After editing it, run \`npm run generate\` to refresh src/generated/ (or \`npm run watch\`).
package game;
version 1;

/// A point on the map.
struct Vec2 {
  @range(-1000, 1000) x: f32;
  @range(-1000, 1000) y: f32;
}

/// What the host picks when creating a match.
struct MatchSettings {
  @length(1, 32) mapName: string;
  @range(1, 30) minutes: u8;
}

struct Pong { serverTime: f64; }
struct SayReceipt { delivered: u32; }
struct Inventory { items: list<string>; }

/// The item is too far away to pick up.
error TOO_FAR { distance: f32; }

/// One match of up to four players.
@maxPlayers(4)
session Match {
  settings: MatchSettings;
}

/// Everything a player does in a match.
service game {
  /// Is the server there? Callable before logging in.
  @public
  rpc ping(): Pong;

  /// Say something to everyone in your match.
  @session @rate(5/s)
  rpc say(@length(1, 200) text: string): SayReceipt;

  /// Movement input: newer input replaces older, so losing some is fine.
  @session(running) @rate(30/s, burst: 60)
  send move(pos: Vec2);

  /// Pick up an item lying near you.
  @session
  rpc pickUp(@length(1, 64) itemId: string): Inventory throws TOO_FAR;

  /// Someone in your match said something.
  event said to session { from: string; text: string; }

  /// A message for some players only.
  event notice to players { text: string; }
}
`;
