import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Tag } from 'antd';
import { Table } from '../common/Table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { RiskLevel, ServiceCategory } from '../../gql/graphql';
import { formatDateTime } from '../../lib/dates';
import { CATEGORY, GENDER, options, RISK, RISK_COLOR } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Loadable, PageTitle, Panel } from '../common/ui';

const PEOPLE = graphql(`
  query People($filter: ServiceObjectFilter, $offset: Int!) {
    serviceObjects(filter: $filter, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        name
        gender
        birthDate
        phone
        categories
        riskLevel
        createdAt
      }
    }
  }
`);

export default function People() {
  const s = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState<ServiceCategory>();
  const [risk, setRisk] = useState<RiskLevel>();
  const [offset, setOffset] = useState(0);
  const tail = /^[0-9]{3}[0-9Xx]$/.test(search.trim()) ? search.trim().toUpperCase() : undefined;
  const q = useQuery(PEOPLE, {
    filter: { search: tail ? null : search.trim() || null, idNumberTail: tail ?? null, category: category ?? null, riskLevel: risk ?? null },
    offset,
  });
  return (
    <div data-testid="people">
      <PageTitle
        title="服务对象"
        sub="一人一档：按姓名或身份证号后四位查找"
        extra={
          s.can('create', 'ServiceObject') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/people/new')}>
              登记服务对象
            </Button>
          )
        }
      />
      <Panel>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            placeholder="姓名或身份证号后四位"
            allowClear
            onSearch={(v) => {
              setSearch(v);
              setOffset(0);
            }}
            style={{ width: 260 }}
            aria-label="查找服务对象"
          />
          <Select
            allowClear
            placeholder="类别"
            style={{ width: 180 }}
            options={options(CATEGORY)}
            value={category}
            onChange={(v) => {
              setCategory(v);
              setOffset(0);
            }}
            aria-label="类别"
          />
          <Select
            allowClear
            placeholder="风险等级"
            style={{ width: 120 }}
            options={options(RISK)}
            value={risk}
            onChange={(v) => {
              setRisk(v);
              setOffset(0);
            }}
            aria-label="风险等级"
          />
        </Space>
        <Loadable {...q}>
          {() => (
            <Table
              size="small"
              rowKey="id"
              dataSource={q.data!.serviceObjects.items}
              loading={q.loading}
              scroll={{ x: 720 }}
              pagination={{
                total: q.data!.serviceObjects.total,
                pageSize: 20,
                current: offset / 20 + 1,
                onChange: (p) => setOffset((p - 1) * 20),
                showSizeChanger: false,
                showTotal: (n) => `共 ${n} 人`,
              }}
              columns={[
                { title: '姓名', dataIndex: 'name', render: (v: string, r) => <Link to={`/people/${r.id}`}>{v}</Link> },
                { title: '性别', dataIndex: 'gender', render: (v: keyof typeof GENDER) => GENDER[v] },
                { title: '出生日期', dataIndex: 'birthDate', render: (v) => v ?? '—' },
                { title: '类别', dataIndex: 'categories', render: (cs: ServiceCategory[]) => cs.map((c) => <Tag key={c}>{CATEGORY[c]}</Tag>) },
                { title: '风险', dataIndex: 'riskLevel', render: (v: RiskLevel) => <Tag color={RISK_COLOR[v]}>{RISK[v]}</Tag> },
                { title: '联系电话', dataIndex: 'phone', render: (v) => v ?? '—' },
                { title: '登记时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              ]}
            />
          )}
        </Loadable>
      </Panel>
    </div>
  );
}
