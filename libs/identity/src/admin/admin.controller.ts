import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApiOperationDoc,
  ApiPageResponse,
  AppException,
  IdParam,
  JobQueue,
  JobWorker,
  Page,
  pageLimit,
  PostAction,
} from '@perkrank/core';
import { AuditLog } from '../audit/audit-log.service';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import {
  AdminUserResponse,
  AuditEntryResponse,
  AuditLogQuery,
  EnqueueJobDto,
  GrantRoleDto,
  JobResponse,
  SuspendDto,
  UserListQuery,
} from './admin.dto';
import { AdminUsersService } from './admin-users.service';

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('v1/admin')
export class AdminController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly audit: AuditLog,
    private readonly queue: JobQueue,
    private readonly worker: JobWorker,
  ) {}

  @Get('users')
  @ApiPageResponse(AdminUserResponse)
  @ApiOperationDoc({
    operationId: 'listUsers',
    summary: 'List users',
    description: 'Lists accounts with their roles and status, newest first, by cursor. Admin only.',
  })
  listUsers(@Query() query: UserListQuery): Promise<Page<AdminUserResponse>> {
    return this.users.list(pageLimit(query), query.cursor, query.email);
  }

  @Get('users/:id')
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiOperationDoc({
    operationId: 'getUser',
    summary: 'Get a user',
    description: 'Returns one account with roles and status. Admin only.',
  })
  getUser(@IdParam('id') id: string): Promise<AdminUserResponse> {
    return this.users.get(id);
  }

  @PostAction('users/:id/suspend', { type: AdminUserResponse })
  @ApiOperationDoc({
    operationId: 'suspendUser',
    summary: 'Suspend a user',
    description: 'Suspends an account with a reason; its tokens stop working. Admin only; audited.',
  })
  @ApiErrors({ status: 409, description: 'already_in_state or cannot_change_own_account' })
  suspend(
    @CurrentUser() admin: AuthUser,
    @IdParam('id') id: string,
    @Body() body: SuspendDto,
  ): Promise<AdminUserResponse> {
    return this.users.suspend(admin, id, body.reason);
  }

  @PostAction('users/:id/unsuspend', { type: AdminUserResponse })
  @ApiOperationDoc({
    operationId: 'unsuspendUser',
    summary: 'Unsuspend a user',
    description: 'Lifts a suspension. Admin only; audited.',
  })
  @ApiErrors({ status: 409, description: 'already_in_state' })
  unsuspend(@CurrentUser() admin: AuthUser, @IdParam('id') id: string): Promise<AdminUserResponse> {
    return this.users.unsuspend(admin, id);
  }

  @PostAction('users/:id/roles', { type: AdminUserResponse })
  @ApiOperationDoc({
    operationId: 'grantUserRole',
    summary: 'Grant a role',
    description: 'Adds a role to an account. Admin only; audited.',
  })
  @ApiErrors({ status: 409, description: 'already_in_state or cannot_change_own_account' })
  grantRole(
    @CurrentUser() admin: AuthUser,
    @IdParam('id') id: string,
    @Body() body: GrantRoleDto,
  ): Promise<AdminUserResponse> {
    return this.users.grantRole(admin, id, body.role);
  }

  @Delete('users/:id/roles/:role')
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiOperationDoc({
    operationId: 'revokeUserRole',
    summary: 'Revoke a role',
    description: 'Removes a role from an account. Admin only; audited.',
  })
  @ApiErrors({ status: 409, description: 'already_in_state or cannot_change_own_account' })
  revokeRole(
    @CurrentUser() admin: AuthUser,
    @IdParam('id') id: string,
    @Param('role') role: string,
  ): Promise<AdminUserResponse> {
    if (role !== 'admin')
      throw new AppException('not_found', 'not_found', 'Only the admin role can be revoked here.');
    return this.users.revokeRole(admin, id, role);
  }

  @Get('audit-log')
  @ApiPageResponse(AuditEntryResponse, 'Newest first')
  @ApiOperationDoc({
    operationId: 'listAuditLog',
    summary: 'Read the audit log',
    description: 'Lists administrative actions, newest first, by cursor. Admin only.',
  })
  auditLog(@Query() query: AuditLogQuery): Promise<Page<AuditEntryResponse>> {
    return this.audit.list(pageLimit(query), query.cursor, query);
  }

  @Post('jobs')
  @HttpCode(202)
  @ApiAcceptedResponse({ schema: { example: { id: '…', name: 'maintenance.purge' } } })
  @ApiOperationDoc({
    operationId: 'enqueueJob',
    summary: 'Enqueue a job',
    description: 'Queues a named maintenance job and returns its id. Admin only.',
  })
  async enqueue(@Body() body: EnqueueJobDto): Promise<{ id: string; name: string }> {
    const known = this.worker.processors().map((p) => p.options.name);
    if (!known.includes(body.name)) {
      throw new AppException('invalid', 'validation_failed', 'The request is invalid: check name.', {
        param: 'name',
        details: { fields: { name: [`name must be one of: ${known.join(', ')}`] } },
      });
    }
    return { id: await this.queue.send(body.name, {}), name: body.name };
  }

  @Get('jobs/:name/:id')
  @ApiOkResponse({ type: JobResponse })
  @ApiOperationDoc({
    operationId: 'getJob',
    summary: 'Get a job',
    description: 'Returns the state of a queued job. Admin only.',
  })
  async job(@Param('name') name: string, @IdParam('id') id: string): Promise<JobResponse> {
    const known = this.worker.processors().some((p) => p.options.name === name);
    const status = known ? await this.queue.status(name, id) : undefined;
    if (!status)
      throw new AppException('not_found', 'job_not_found', 'No job with this name and id was found.');
    return status;
  }
}
