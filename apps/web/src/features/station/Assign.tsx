import { App, Button, Col, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { Table } from '../common/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import { request } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { STAGE } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Loadable, PageTitle, Panel } from '../common/ui';

/** The station's social workers and its open cases (optionally one worker's), in one request. */
const ASSIGN = graphql(`
  query Assign($node: ID!, $workerId: ID, $offset: Int!) {
    users(filter: { rootId: $node, includeDisabled: false }, page: { limit: 100 }) {
      items {
        id
        displayName
        disabled
        assignments {
          role
          orgUnitId
        }
      }
    }
    caseFiles(filter: { rootId: $node, openOnly: true, workerId: $workerId }, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        caseNumber
        stage
        openedOn
        worker {
          id
          displayName
        }
        serviceObject {
          id
          name
        }
      }
    }
  }
`);

const TRANSFER = graphql(`
  mutation TransferCase($caseId: ID!, $to: ID!) {
    transferCase(caseId: $caseId, toWorkerId: $to) {
      id
      workerId
    }
  }
`);
const TRANSFER_ALL = graphql(`
  mutation TransferAll($stationId: ID!, $from: ID!, $to: ID!) {
    transferWorkerCases(stationId: $stationId, fromWorkerId: $from, toWorkerId: $to) {
      id
    }
  }
`);

export default function Assign() {
  const s = useSession();
  const { message } = App.useApp();
  const [workerId, setWorkerId] = useState<string>();
  const [offset, setOffset] = useState(0);
  const [moving, setMoving] = useState<{ caseId: string; caseNumber: string; from: string } | null>(null);
  const [to, setTo] = useState<string>();
  const [handover, setHandover] = useState<{ from?: string; to?: string }>({});
  const q = useQuery(ASSIGN, { node: s.station?.orgUnitId ?? '', workerId: workerId ?? null, offset }, { skip: !s.station });
  const workers = (q.data?.users.items ?? []).filter((u) => u.assignments.some((a) => a.role === 'SOCIAL_WORKER' || a.role === 'STATION_HEAD'));
  const workerOptions = workers.map((u) => ({ value: u.id, label: u.displayName }));

  const transfer = async () => {
    if (!moving || !to) return;
    try {
      await request(TRANSFER, { caseId: moving.caseId, to });
      message.success(`个案 ${moving.caseNumber} 已转给 ${workers.find((u) => u.id === to)?.displayName ?? ''}`);
      setMoving(null);
      setTo(undefined);
      await q.refetch();
    } catch (e) {
      message.error(describeError(e));
    }
  };

  const handOver = async () => {
    if (!handover.from || !handover.to) return;
    try {
      const res = await request(TRANSFER_ALL, { stationId: s.station!.id, from: handover.from, to: handover.to });
      message.success(`已移交 ${res.transferWorkerCases.length} 个在办个案`);
      setHandover({});
      await q.refetch();
    } catch (e) {
      message.error(describeError(e));
    }
  };

  return (
    <div data-testid="assign">
      <PageTitle title="派案与转案" sub="新个案在服务对象页面开案时指派负责社工；社工离岗时可一次移交其全部在办个案" />
      <Loadable {...q}>
        {() => (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <Panel
                title={`在办个案（${q.data!.caseFiles.total}）`}
                extra={
                  <Select
                    allowClear
                    placeholder="全部社工"
                    style={{ width: 200 }}
                    value={workerId}
                    onChange={(v) => {
                      setWorkerId(v);
                      setOffset(0);
                    }}
                    options={workerOptions}
                    aria-label="按社工筛选"
                  />
                }
              >
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={q.data!.caseFiles.items}
                  scroll={{ x: 560 }}
                  pagination={{
                    total: q.data!.caseFiles.total,
                    pageSize: 20,
                    current: offset / 20 + 1,
                    onChange: (p) => setOffset((p - 1) * 20),
                    showSizeChanger: false,
                  }}
                  columns={[
                    { title: '个案编号', dataIndex: 'caseNumber', render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
                    { title: '服务对象', render: (_, r) => r.serviceObject?.name ?? '—' },
                    { title: '阶段', dataIndex: 'stage', render: (v: keyof typeof STAGE) => <Tag color="blue">{STAGE[v]}</Tag> },
                    { title: '负责社工', render: (_, r) => r.worker.displayName ?? '—' },
                    {
                      title: '',
                      render: (_, r) => (
                        <Button size="small" onClick={() => setMoving({ caseId: r.id, caseNumber: r.caseNumber, from: r.worker.id })}>
                          转案
                        </Button>
                      ),
                    },
                  ]}
                />
              </Panel>
            </Col>
            <Col xs={24} xl={8}>
              <Panel title="移交社工的全部在办个案" data-testid="handover">
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Typography.Text>移交社工（如离岗人员）</Typography.Text>
                  <Select
                    style={{ width: '100%' }}
                    value={handover.from}
                    onChange={(from) => setHandover((h) => ({ ...h, from }))}
                    options={workerOptions}
                    aria-label="移交社工"
                  />
                  <Typography.Text>接收社工</Typography.Text>
                  <Select
                    style={{ width: '100%' }}
                    value={handover.to}
                    onChange={(v) => setHandover((h) => ({ ...h, to: v }))}
                    options={workerOptions.filter((o) => o.value !== handover.from)}
                    aria-label="接收社工"
                  />
                  <Button type="primary" disabled={!handover.from || !handover.to} onClick={handOver}>
                    全部移交
                  </Button>
                </Space>
              </Panel>
            </Col>
          </Row>
        )}
      </Loadable>
      <Modal
        open={Boolean(moving)}
        title={`转案：${moving?.caseNumber ?? ''}`}
        okText="转案"
        cancelText="取消"
        onOk={transfer}
        onCancel={() => setMoving(null)}
        okButtonProps={{ disabled: !to }}
      >
        <Select
          style={{ width: '100%' }}
          placeholder="接收社工"
          value={to}
          onChange={setTo}
          options={workerOptions.filter((o) => o.value !== moving?.from)}
          aria-label="接收社工"
        />
      </Modal>
    </div>
  );
}
