/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.writethrough.cache;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.introspect.VisibilityChecker;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

/**
 * Encodes the state of the entities of one cache as JSON and decodes it back, typed by
 * the entity class: no type information is read from the payload.
 * <p>
 * An entry starts with a fixed header, {@code {"@epoch":E,"@fence":F,"@kind":"K"}}, that
 * the fenced write script reads. Entity entries go on with {@code "@shapes"}: an object
 * that holds the state under the {@link EntityShape fingerprint} of the entity class that
 * wrote it, and may hold the same state as other shapes of the class wrote it, so that
 * two versions of an application that share Redis each read their own state and keep the
 * other's. A state holds the entity's persistent attributes under their Java names, after
 * {@code "@entity"}, the name of the entity's concrete class, for a cache of an
 * inheritance hierarchy. To-one associations are stored as the id of their target and
 * come back as references that are not loaded; collections and inverse one-to-one
 * associations are not stored.
 *
 * @param <T> the entity type
 * @author Write-Through contributors
 */
final class EntityCodec<T> {

	static final int FORMAT = 2;

	/**
	 * The most states of different shapes an entry keeps; a fill of another shape drops
	 * the oldest beyond it.
	 */
	static final int MAX_SHAPES = 3;

	private static final ObjectMapper mapper = configure(
			JsonMapper.builder(JsonFactory.builder().disable(TokenStreamFactory.Feature.CHARSET_DETECTION).build()))
		.build();

	private static final String LEASE_PREFIX = "{\"@epoch\":0,\"@fence\":0,\"@kind\":\"lease\",\"@holder\":\""
			+ Long.toHexString(new SecureRandom().nextLong()) + "-";

	private static final AtomicLong leases = new AtomicLong();

	private final Class<T> entityType;

	private final EntityModel model;

	private final EntityAccess access;

	private final @Nullable EntityStateCodec single;

	private final Map<String, EntityStateCodec> byName = new HashMap<>();

	private final Map<Class<?>, String> names = new HashMap<>();

	private final String shape;

	@SuppressWarnings("unchecked")
	EntityCodec(EntityModel model, EntityAccess access) {
		this.entityType = (Class<T>) model.entityType();
		this.model = model;
		this.access = access;
		this.single = model.hierarchy().isEmpty() ? new EntityStateCodec(model, access) : null;
		model.hierarchy().forEach((name, concrete) -> {
			this.byName.put(name, new EntityStateCodec(concrete, access));
			this.names.put(concrete.entityType(), name);
		});
		this.shape = EntityShape.fingerprint(model);
	}

	static JsonMapper.Builder configure(JsonMapper.Builder builder) {
		return builder.changeDefaultVisibility(EntityCodec::fieldsOnly)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	static VisibilityChecker fieldsOnly(VisibilityChecker checker) {
		return checker.withVisibility(PropertyAccessor.ALL, Visibility.NONE)
			.withVisibility(PropertyAccessor.FIELD, Visibility.ANY)
			.withVisibility(PropertyAccessor.CREATOR, Visibility.ANY);
	}

	Class<T> entityType() {
		return this.entityType;
	}

	/**
	 * Return the fingerprint of the entity class's shape, under which its entries hold
	 * the states it writes.
	 * @return the fingerprint
	 */
	String shape() {
		return this.shape;
	}

	/**
	 * Return the fence of the entity's state: its version, or {@code 0} when the entity
	 * has no numeric version.
	 * @param entity the entity
	 * @return the fence
	 */
	long fence(Object entity) {
		Field version = this.model.version();
		if (version == null) {
			return 0;
		}
		Object value = ReflectionUtils.getField(version, entity);
		return (value instanceof Number number) ? number.longValue() : 0;
	}

	/**
	 * Return the id of an entity this codec decoded: read from its id field, or asked of
	 * the persistence unit for an id class.
	 * @param entity the entity
	 * @return its id
	 */
	@Nullable Object idOf(Object entity) {
		Field id = this.model.id();
		return (id != null) ? ReflectionUtils.getField(id, entity) : this.access.idOf(entity);
	}

	/**
	 * Encode the entity's current state. Collections are left out, so encoding never
	 * loads one.
	 * @param entity the entity
	 * @param epoch the cache epoch to stamp
	 * @param fence the fence to stamp
	 * @return the entry
	 */
	byte[] encode(Object entity, long epoch, long fence) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator generator = mapper.createGenerator(out)) {
			EntryHeader.write(generator, epoch, fence, EntryKind.ENTITY);
			generator.writeName("@shapes");
			generator.writeStartObject();
			generator.writeName(this.shape);
			generator.writeStartObject();
			Object state = this.access.unproxy(entity);
			EntityStateCodec codec = this.single;
			if (codec == null) {
				String name = this.names.get(state.getClass());
				if (name == null) {
					throw new IllegalArgumentException("Not an entity of the cache: " + state.getClass().getName());
				}
				generator.writeStringProperty("@entity", name);
				codec = this.byName.get(name);
			}
			codec.write(generator, state);
			generator.writeEndObject();
			generator.writeEndObject();
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * Add to an entity entry the states other shapes of the entity class wrote of the
	 * same row at the same fence.
	 * @param entry an entry this codec encoded
	 * @param otherStates the {@link CacheEntry#otherStates() other states} of the entry
	 * it replaces
	 * @return the entry with the other states after its own
	 */
	static byte[] withOtherStates(byte[] entry, byte[] otherStates) {
		// they go before the ends of "@shapes" and of the entry
		byte[] merged = Arrays.copyOf(entry, entry.length + 1 + otherStates.length);
		merged[entry.length - 2] = ',';
		System.arraycopy(otherStates, 0, merged, entry.length - 1, otherStates.length);
		merged[merged.length - 2] = '}';
		merged[merged.length - 1] = '}';
		return merged;
	}

	/**
	 * Encode an entry that holds no entity.
	 * @param kind the kind of entry
	 * @param epoch the cache epoch to stamp
	 * @param fence the fence to stamp
	 * @return the entry
	 */
	static byte[] encodeMarker(EntryKind kind, long epoch, long fence) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64);
		try (JsonGenerator generator = mapper.createGenerator(out)) {
			EntryHeader.write(generator, epoch, fence, kind);
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * Encode the marker the change feed leaves for a change it found in the database's
	 * log: a miss like any marker of its kind, unique to that change, so that a fill that
	 * found the marker of an earlier change never lands over it.
	 * @param kind the kind of entry
	 * @param epoch the cache epoch to stamp
	 * @param fence the fence to stamp
	 * @param change the change's position in the log
	 * @param keptFence whether the change left its row at a fence an earlier state had,
	 * so that a committed write of that fence holds an older state
	 * @return the entry
	 */
	static byte[] encodeChangeMarker(EntryKind kind, long epoch, long fence, String change, boolean keptFence) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(96);
		try (JsonGenerator generator = mapper.createGenerator(out)) {
			EntryHeader.write(generator, epoch, fence, kind);
			generator.writeStringProperty("@change", change);
			if (keptFence) {
				generator.writeBooleanProperty("@keptFence", true);
			}
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * Encode a new lease, unique to the reader that leaves it.
	 * @return the lease
	 */
	static byte[] encodeLease() {
		return (LEASE_PREFIX + Long.toHexString(leases.incrementAndGet()) + "\"}").getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Whether a decoded entry holds the given state of its row.
	 * @param entry a decoded entry of this shape
	 * @param entity the state
	 * @return whether the entry's state equals it
	 */
	boolean holds(CacheEntry entry, Object entity) {
		return entry.entity() != null && Arrays.equals(encode(entry.entity(), 0, 0), encode(entity, 0, 0));
	}

	/**
	 * Decode an entry. An entity entry that holds no state of this shape decodes to no
	 * entity, with the states of other shapes it holds, none of which is decoded; the
	 * whole entry must be well-formed either way.
	 * @param bytes the entry as stored
	 * @return the entry
	 * @throws EntryDecodingException when the bytes are not an entry of this entity type
	 */
	CacheEntry decode(byte[] bytes) {
		try (JsonParser parser = mapper.createParser(bytes)) {
			EntryHeader header = EntryHeader.read(parser);
			long epoch = header.epoch();
			long fence = header.fence();
			EntryKind kind = header.kind();
			if (kind != EntryKind.ENTITY) {
				return new CacheEntry(epoch, fence, kind, null, null);
			}
			if (parser.nextToken() == JsonToken.PROPERTY_NAME && "@format".equals(parser.currentName())
					&& parser.nextToken() == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() == 1) {
				// an entry of the format before shapes: another shape's, which a fill
				// replaces
				return new CacheEntry(epoch, fence, kind, null, new byte[0]);
			}
			if (parser.currentToken() != JsonToken.PROPERTY_NAME || !"@shapes".equals(parser.currentName())
					|| parser.nextToken() != JsonToken.START_OBJECT) {
				throw new EntryDecodingException("Expected the states of the entry");
			}
			Object entity = null;
			int othersStart = -1;
			int othersEnd = -1;
			int others = 0;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				if (entity == null && this.shape.equals(parser.currentName())) {
					entity = readState(parser);
					continue;
				}
				int start = (int) parser.currentTokenLocation().getByteOffset();
				if (parser.nextToken() != JsonToken.START_OBJECT) {
					throw new EntryDecodingException("Expected a state of the entry");
				}
				parser.skipChildren();
				if (others < MAX_SHAPES - 1) {
					othersStart = (others == 0) ? start : othersStart;
					othersEnd = (int) parser.currentTokenLocation().getByteOffset() + 1;
				}
				others++;
			}
			if ((entity == null && others == 0) || parser.nextToken() != JsonToken.END_OBJECT
					|| parser.nextToken() != null) {
				throw new EntryDecodingException("Malformed states of the entry");
			}
			if (entity != null) {
				return new CacheEntry(epoch, fence, kind, entity, null);
			}
			return new CacheEntry(epoch, fence, kind, null, Arrays.copyOfRange(bytes, othersStart, othersEnd));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new EntryDecodingException("Malformed entry (" + ex.getClass().getSimpleName() + ")", ex);
		}
	}

	private Object readState(JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw new EntryDecodingException("Expected the state of the entry");
		}
		EntityStateCodec state = this.single;
		if (state == null) {
			String name = EntryHeader.readText(parser, "@entity");
			state = this.byName.get(name);
			if (state == null) {
				throw new EntryDecodingException("Unknown entity '" + LogSafe.text(name) + "'");
			}
		}
		return state.read(parser);
	}

}
