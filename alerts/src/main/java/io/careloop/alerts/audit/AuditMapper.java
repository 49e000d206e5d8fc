package io.careloop.alerts.audit;

import com.datastax.oss.driver.api.mapper.annotations.DaoFactory;
import com.datastax.oss.driver.api.mapper.annotations.Mapper;

/** Entry point of the mapper-generated DAO of the alerts module's audit table. */
@Mapper
public interface AuditMapper {

  @DaoFactory
  NurseReadDao nurseReads();
}
