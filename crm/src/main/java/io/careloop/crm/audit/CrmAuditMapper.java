package io.careloop.crm.audit;

import com.datastax.oss.driver.api.mapper.annotations.DaoFactory;
import com.datastax.oss.driver.api.mapper.annotations.Mapper;

/** Entry point of the mapper-generated DAO of the CRM's audit table. */
@Mapper
public interface CrmAuditMapper {

  @DaoFactory
  RecordReadDao recordReads();
}
