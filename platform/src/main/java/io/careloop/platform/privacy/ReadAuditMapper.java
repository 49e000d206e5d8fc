package io.careloop.platform.privacy;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.mapper.annotations.DaoFactory;
import com.datastax.oss.driver.api.mapper.annotations.DaoTable;
import com.datastax.oss.driver.api.mapper.annotations.Mapper;

/** Entry point of the mapper-generated DAO of an audit table, which the module names. */
@Mapper
public interface ReadAuditMapper {

  @DaoFactory
  ReadAuditDao reads(@DaoTable CqlIdentifier table);
}
