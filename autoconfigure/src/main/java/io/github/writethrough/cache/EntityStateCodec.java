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

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.util.ReflectionUtils;

/**
 * Writes the persistent attributes of one concrete entity class as properties of the
 * entry object and reads them back, typed by the class: no type information is read from
 * the payload.
 *
 * @author Write-Through contributors
 */
final class EntityStateCodec {

	private final EntityModel model;

	private final EntityAccess access;

	private final ObjectWriter propertiesWriter;

	private final ObjectReader propertiesReader;

	EntityStateCodec(EntityModel model, EntityAccess access) {
		this.model = model;
		this.access = access;
		ObjectMapper entityMapper = exact(EntityCodec.configure(JsonMapper.builder()))
			.addModule(new SimpleModule(model.entityType().getName())
				.addSerializer(EntityState.class, new PropertiesSerializer())
				.addDeserializer(EntityState.class, new PropertiesDeserializer()))
			.build();
		this.propertiesWriter = entityMapper.writerFor(EntityState.class);
		this.propertiesReader = entityMapper.readerFor(EntityState.class);
	}

	/**
	 * Make the entity mapper read values of their stored type only: no number for a text,
	 * no text for a number, no fraction for an integer, no null for a primitive.
	 */
	private static JsonMapper.Builder exact(JsonMapper.Builder builder) {
		return builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	/**
	 * Write the attributes of an entity of this class into the object the generator is
	 * in.
	 */
	void write(JsonGenerator generator, Object entity) {
		this.propertiesWriter.writeValue(generator, new EntityState(entity));
	}

	/**
	 * Read the attributes from the property after the current token to the end of the
	 * object into a new entity.
	 * @throws EntryDecodingException when they are not exactly this class's attributes
	 */
	Object read(JsonParser parser) {
		return this.propertiesReader.<EntityState>readValue(parser).entity();
	}

	/**
	 * Writes the persistent attributes of an entity as properties of the object the
	 * generator is in, all within one serialization context.
	 */
	private final class PropertiesSerializer extends ValueSerializer<EntityState> {

		@Override
		public void serialize(EntityState state, JsonGenerator generator, SerializationContext context) {
			Object entity = state.entity();
			for (EntityProperty property : EntityStateCodec.this.model.properties()) {
				Object value = ReflectionUtils.getField(property.field(), entity);
				if (property.referenceType() != null && value != null) {
					value = EntityStateCodec.this.access.idOf(value);
				}
				generator.writeName(property.name());
				if (value != null) {
					context.writeValue(generator, value);
				}
				else {
					generator.writeNull();
				}
			}
		}

	}

	/**
	 * Reads the persistent attributes of an entity, from the property after the current
	 * token to the end of the object, all within one deserialization context, and
	 * requires every attribute to be there.
	 */
	private final class PropertiesDeserializer extends ValueDeserializer<EntityState> {

		private volatile @Nullable Map<String, PropertyReader> readers;

		@Override
		public void resolve(DeserializationContext context) {
			Map<String, PropertyReader> readers = new HashMap<>();
			for (EntityProperty property : EntityStateCodec.this.model.properties()) {
				readers.put(property.name(), new PropertyReader(readers.size(), property,
						context.findRootValueDeserializer(context.constructType(property.storedType()))));
			}
			this.readers = readers;
		}

		@Override
		public EntityState deserialize(JsonParser parser, DeserializationContext context) {
			Map<String, PropertyReader> readers = Objects.requireNonNull(this.readers, "not resolved");
			Object entity = EntityStateCodec.this.model.newInstance();
			boolean[] seen = new boolean[readers.size()];
			int read = 0;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				PropertyReader reader = readers.get(parser.currentName());
				if (reader == null) {
					throw new EntryDecodingException("Unknown property '" + LogSafe.text(parser.currentName()) + "'");
				}
				if (seen[reader.index()]) {
					throw new EntryDecodingException("Entry has the property '" + reader.property().name() + "' twice");
				}
				seen[reader.index()] = true;
				Object value = read(reader, parser, context);
				EntityProperty property = reader.property();
				if (property.referenceType() != null && value != null) {
					value = EntityStateCodec.this.access.reference(property.referenceType(), value);
				}
				ReflectionUtils.setField(property.field(), entity, value);
				read++;
			}
			if (read != readers.size()) {
				throw new EntryDecodingException("Entry has " + read + " properties where "
						+ EntityStateCodec.this.model.entityType().getName() + " has " + readers.size());
			}
			return new EntityState(entity);
		}

		/**
		 * Read the value of a property, which must be of the stored type exactly; a
		 * failure names the property, never the value.
		 */
		private @Nullable Object read(PropertyReader reader, JsonParser parser, DeserializationContext context) {
			try {
				return (parser.nextToken() != JsonToken.VALUE_NULL) ? reader.deserializer().deserialize(parser, context)
						: reader.deserializer().getNullValue(context);
			}
			catch (JacksonException ex) {
				throw new EntryDecodingException("Property '" + reader.property().name() + "' does not decode as "
						+ reader.property().storedType().getTypeName(), ex);
			}
		}

	}

	/**
	 * An entity, as the codec's own mapper writes and reads it: through this type rather
	 * than the entity class, so that Jackson annotations of the entity class, such as
	 * {@code @JsonTypeInfo}, play no part in its entries.
	 *
	 * @param entity the entity
	 */
	private record EntityState(Object entity) {

	}

	/**
	 * A persistent attribute with the deserializer of its stored type.
	 */
	private record PropertyReader(int index, EntityProperty property, ValueDeserializer<Object> deserializer) {

	}

}
