// Initialise the replica set, its accounts and its default write concern from member 0.
// Idempotent: run on every start of member 0, it re-checks each step, so a crash half-way
// through is finished on the next start, and the application password follows the Secret.
/* global connect, print, sleep, process, quit */
const env = process.env;
const rsName = env.MONGODB_REPLICA_SET;
const members = env.MONGODB_MEMBERS.split(','); // host:port, member 0 first
const rootUser = env.MONGODB_ROOT_USER;
const rootPassword = env.MONGODB_ROOT_PASSWORD;
// [{user, db, passwordVar}]: one user per component, in and limited to its own database.
const serviceUsers = JSON.parse(env.MONGODB_SERVICE_USERS || '[]');
const retiredUsers = (env.MONGODB_RETIRED_USERS || '').split(',').filter((u) => u);
// With TLS on, every connection (this one's too) must use it; members' names are in the
// certificate, and so is 127.0.0.1 for the local connection.
const tls = env.MONGODB_TLS === 'true' ? '&tls=true&tlsCAFile=/tls/ca.crt' : '';

function log(message) {
  print(`init-replset: ${message}`);
}

function retry(what, fn) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return fn();
    } catch (e) {
      log(`${what}: ${e.message} (attempt ${attempt})`);
      sleep(5000);
    }
  }
}

function direct(host) {
  return connect(`mongodb://${host}/admin?directConnection=true&serverSelectionTimeoutMS=5000${tls}`);
}

function authenticated(db) {
  try {
    return db.auth(rootUser, rootPassword).ok === 1;
  } catch (e) {
    return false;
  }
}

function initiated(db) {
  try {
    db.adminCommand({ replSetGetStatus: 1 });
    return true;
  } catch (e) {
    if (e.codeName === 'NotYetInitialized') return false;
    throw e;
  }
}

function secureFirstStart(local) {
  // No account yet: the localhost exception lets this pod initiate and create the root user.
  if (!initiated(local)) {
    for (const host of members.slice(1)) {
      retry(`reach ${host}`, () => direct(host).adminCommand({ ping: 1 }));
    }
    local.adminCommand({
      replSetInitiate: {
        _id: rsName,
        members: members.map((host, i) => ({ _id: i, host, priority: i === 0 ? 2 : 1 })),
      },
    });
    log(`replica set ${rsName} initiated with ${members.length} members`);
  }
  retry('wait to become primary', () => {
    if (!local.hello().isWritablePrimary) throw new Error('not primary yet');
  });
  local.getSiblingDB('admin').createUser({
    user: rootUser,
    pwd: rootPassword,
    roles: [{ role: 'root', db: 'admin' }],
  });
  log(`root user ${rootUser} created`);
}

function main() {
  const local = retry('reach the local mongod', () => {
    const db = direct('127.0.0.1:27017');
    db.adminCommand({ ping: 1 });
    return db;
  });
  if (!authenticated(local)) secureFirstStart(local);

  const credentials = `${encodeURIComponent(rootUser)}:${encodeURIComponent(rootPassword)}`;
  const rs = retry('reach the replica set', () => {
    const db = connect(
      `mongodb://${credentials}@${members.join(',')}/admin?replicaSet=${rsName}&authSource=admin${tls}`,
    );
    db.adminCommand({ ping: 1 });
    return db;
  });
  // Each component's user: readWrite on its own database and nothing else (ADR 0111). Created
  // or brought back to this definition on every start, so a changed password in the Secret, a
  // new component or a widened role set by hand is put right by the next restart of member 0.
  for (const u of serviceUsers) {
    const pwd = env[u.passwordVar];
    if (!pwd) throw new Error(`${u.passwordVar} is empty (the password of ${u.user})`);
    retry(`user ${u.user}`, () => {
      const db = rs.getSiblingDB(u.db);
      const roles = [{ role: 'readWrite', db: u.db }];
      if (db.getUser(u.user)) db.updateUser(u.user, { pwd, roles });
      else db.createUser({ user: u.user, pwd, roles });
    });
  }
  log(`${serviceUsers.length} component users in place`);
  // The shared user of earlier chart versions could read and write every database.
  for (const name of retiredUsers) {
    retry(`retire user ${name}`, () => {
      const admin = rs.getSiblingDB('admin');
      if (admin.getUser(name)) {
        admin.dropUser(name);
        log(`retired user ${name}`);
      }
    });
  }
  // Acknowledged means journaled on a majority, whatever a client asks for by default.
  retry('default read/write concern', () => rs.adminCommand({
    setDefaultRWConcern: 1,
    defaultWriteConcern: { w: 'majority', j: true },
    defaultReadConcern: { level: 'majority' },
  }));
  log('replica set ready');
}

try {
  main();
} catch (e) {
  log(`failed: ${e.message}`);
  quit(1);
}
