import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.sql.Connection;
import java.sql.DriverManager;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;

public class DbzProbe {
	public static void main(String[] args) throws Exception {
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
			c.createStatement().execute("create table if not exists dbz_probe (id bigint primary key, v text)");
		}
		System.gc();
		long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
		Properties p = new Properties();
		p.setProperty("name", "probe");
		p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
		p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
		p.setProperty("offset.storage.file.filename", "offsets.dat");
		p.setProperty("offset.flush.interval.ms", "1000");
		p.setProperty("database.hostname", "127.0.0.1");
		p.setProperty("database.port", "5432");
		p.setProperty("database.user", "postgres");
		p.setProperty("database.password", "");
		p.setProperty("database.dbname", "test");
		p.setProperty("topic.prefix", "probe");
		p.setProperty("plugin.name", "pgoutput");
		p.setProperty("slot.name", "dbz_probe");
		p.setProperty("publication.name", "dbz_probe");
		p.setProperty("publication.autocreate.mode", "filtered");
		p.setProperty("table.include.list", "public.dbz_probe");
		p.setProperty("snapshot.mode", "no_data");
		CountDownLatch first = new CountDownLatch(1);
		long start = System.nanoTime();
		DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class).using(p)
			.notifying((ChangeEvent<String, String> record) -> { if (record.value() != null && record.value().contains("probe-value")) first.countDown(); }).build();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		executor.execute(engine);
		// write until the engine sees a change
		long written = 0;
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
			while (!first.await(50, TimeUnit.MILLISECONDS)) {
				c.createStatement().execute("insert into dbz_probe values (" + (++written) + ", 'probe-value') on conflict (id) do update set v = excluded.v");
			}
		}
		long startup = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		System.gc(); Thread.sleep(500); System.gc();
		long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
		System.out.println("RESULT startup-to-first-change-ms=" + startup + " heap-delta-bytes=" + (heapAfter - heapBefore) + " threads=" + Thread.activeCount());
		engine.close();
		executor.shutdown();
		executor.awaitTermination(10, TimeUnit.SECONDS);
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
			Thread.sleep(1000);
			c.createStatement().execute("select pg_drop_replication_slot('dbz_probe')");
			c.createStatement().execute("drop publication if exists dbz_probe");
			c.createStatement().execute("drop table dbz_probe");
		}
		System.exit(0);
	}
}
