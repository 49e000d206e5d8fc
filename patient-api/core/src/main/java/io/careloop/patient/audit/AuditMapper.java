package io.careloop.patient.audit;

import com.datastax.oss.driver.api.mapper.annotations.DaoFactory;
import com.datastax.oss.driver.api.mapper.annotations.Mapper;

/** Entry point of the mapper-generated DAOs of the audit tables. */
@Mapper
public interface AuditMapper {

  @DaoFactory
  StaffReadDao staffReads();
}
